// The indicator picker: turns each <input data-indicator-picker="/evidence/indicators/suggest/">
// into an editable combobox with a list of suggestions (WAI-ARIA 1.2 combobox pattern,
// https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/).
// Without JavaScript the input stays a plain text box: the server takes an indicator's
// exact name or its SOURCE:CODE, and the hint links to the catalogue.
//
// Keys: Down/Up open the list and move through it, Enter picks the highlighted indicator,
// Escape closes the list (a second Escape clears the box), Tab leaves it. The number of
// suggestions is announced in a polite live region after the person pauses typing.

const DELAY_MS = 200
const MIN_CHARS = 2

function enhance (input, index) {
  const url = input.dataset.indicatorPicker
  if (!url || input.getAttribute('role') === 'combobox') return
  const listId = `${input.id || 'indicator-picker-' + index}-suggestions`

  const wrapper = document.createElement('div')
  wrapper.className = 'cypp-picker'
  input.parentNode.insertBefore(wrapper, input)
  wrapper.appendChild(input)

  const list = document.createElement('ul')
  list.id = listId
  list.className = 'cypp-picker__list'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', 'Suggestions')
  list.hidden = true
  wrapper.appendChild(list)

  const status = document.createElement('div')
  status.className = 'govuk-visually-hidden'
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')
  wrapper.appendChild(status)

  // How to use it, read once with the field's hint.
  const usage = document.createElement('span')
  usage.id = `${listId}-usage`
  usage.className = 'govuk-visually-hidden'
  usage.textContent = 'When suggestions appear, use the up and down arrows to review them and Enter to choose one.'
  wrapper.appendChild(usage)

  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', listId)
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
  input.setAttribute('aria-describedby', [...described, usage.id].join(' '))

  let results = []
  let active = -1
  let timer = null
  let asked = 0 // the latest request's number: late answers to older ones are dropped

  function close () {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
    active = -1
  }

  function highlight (position) {
    const options = list.querySelectorAll('[role="option"]')
    options.forEach((option, i) => {
      const on = i === position
      option.setAttribute('aria-selected', on ? 'true' : 'false')
      option.classList.toggle('cypp-picker__option--active', on)
      if (on) option.scrollIntoView({ block: 'nearest' })
    })
    active = position
    if (position >= 0) {
      input.setAttribute('aria-activedescendant', options[position].id)
    } else {
      input.removeAttribute('aria-activedescendant')
    }
  }

  function choose (position) {
    const picked = results[position]
    if (!picked) return
    // The title for people, the reference so that the server finds exactly this one.
    input.value = `${picked.title} (${picked.reference})`
    status.textContent = `${picked.title} chosen`
    close()
    input.dispatchEvent(new Event('change', { bubbles: true }))
  }

  function show (found, text) {
    results = found
    list.replaceChildren()
    found.forEach((item, i) => {
      const option = document.createElement('li')
      option.id = `${listId}-${i}`
      option.className = 'cypp-picker__option'
      option.setAttribute('role', 'option')
      option.setAttribute('aria-selected', 'false')
      const title = document.createElement('span')
      title.className = 'cypp-picker__title'
      title.textContent = item.title
      const detail = document.createElement('span')
      detail.className = 'cypp-picker__detail'
      detail.textContent = [item.reference, item.source, item.unit].filter(Boolean).join(' · ')
      option.append(title, ' ', detail)
      // mousedown, not click: it comes before the input's blur, which closes the list.
      option.addEventListener('mousedown', (event) => {
        event.preventDefault()
        choose(i)
      })
      list.appendChild(option)
    })
    const words = found.length === 0
      ? `No indicators match ${text}`
      : `${found.length}${found.length === 20 ? ' or more' : ''} indicator${found.length === 1 ? '' : 's'} found`
    status.textContent = words
    if (found.length) {
      list.hidden = false
      input.setAttribute('aria-expanded', 'true')
      highlight(-1)
    } else {
      close()
    }
  }

  async function ask (text) {
    const number = ++asked
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(text)}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
      if (!response.ok) return
      const body = await response.json()
      if (number === asked && input.value.trim() === text) show(body.results || [], text)
    } catch (error) {
      // Offline or refused: the box still takes a typed name or code.
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    const text = input.value.trim()
    if (text.length < MIN_CHARS) {
      asked++
      results = []
      list.replaceChildren()
      close()
      return
    }
    timer = setTimeout(() => ask(text), DELAY_MS)
  })

  input.addEventListener('keydown', (event) => {
    const open = !list.hidden
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        if (!open && results.length) {
          list.hidden = false
          input.setAttribute('aria-expanded', 'true')
          highlight(0)
        } else if (open) {
          highlight(active + 1 >= results.length ? 0 : active + 1)
        }
        break
      case 'ArrowUp':
        if (open) {
          event.preventDefault()
          highlight(active <= 0 ? results.length - 1 : active - 1)
        }
        break
      case 'Enter':
        // Enter with a highlighted suggestion picks it; otherwise the form submits as usual.
        if (open && active >= 0) {
          event.preventDefault()
          choose(active)
        }
        break
      case 'Escape':
        if (open) {
          event.preventDefault()
          close()
        } else if (input.value) {
          event.preventDefault()
          input.value = ''
        }
        break
      case 'Tab':
        close()
        break
    }
  })

  input.addEventListener('blur', () => close())
}

document.querySelectorAll('input[data-indicator-picker]').forEach(enhance)
