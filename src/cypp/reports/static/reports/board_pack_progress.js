// Board pack progress: asks the server how the build is going every two seconds and shows
// it; reloads the page when the pack is finished. Without JavaScript the page offers a link.
const box = document.querySelector("[data-status-url]");
if (box) {
  const bar = box.querySelector("progress");
  const message = box.querySelector("#pack-progress-message");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        bar.value = status.progress;
        bar.textContent = `${status.progress}%`;
        message.textContent = `${status.progress}%: ${status.message || status.status_words}`;
        if (status.finished) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
