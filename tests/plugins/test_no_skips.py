"""The no-skips plugin: every kind of skip fails the run and says why; other outcomes stay.

Each case runs a small test file in its own pytest (pytester), with only this plugin loaded
(Django's plugin is left out: these files touch no database).
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

PLUGIN = ["-p", "tests.plugins.no_skips", "-p", "no:django", "-p", "no:cacheprovider"]


def run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makepyfile(test_case=source)
    return pytester.runpytest_inprocess(*PLUGIN, "-p", "no:xdist", "-rA")


# A skip before the test runs (a mark, a fixture) becomes an error at setup; one inside the
# test becomes a failure: either way the run fails.
@pytest.mark.parametrize(
    ("source", "outcome"),
    [
        pytest.param(
            "import pytest\n"
            "@pytest.mark.skip(reason='the shared file is missing')\n"
            "def test_a(): pass\n",
            "errors",
            id="skip mark",
        ),
        pytest.param(
            "import pytest\n"
            "@pytest.mark.skipif(True, reason='the shared file is missing')\n"
            "def test_a(): pass\n",
            "errors",
            id="skipif mark",
        ),
        pytest.param(
            "import pytest\ndef test_a():\n    pytest.skip('the shared file is missing')\n",
            "failed",
            id="skip in the test",
        ),
        pytest.param(
            "import pytest\n"
            "@pytest.fixture\n"
            "def data():\n    pytest.skip('the shared file is missing')\n"
            "def test_a(data): pass\n",
            "errors",
            id="skip in a fixture",
        ),
    ],
)
def test_a_skipped_test_fails_and_says_why(
    pytester: pytest.Pytester, source: str, outcome: str
) -> None:
    result = run(pytester, source)

    result.assert_outcomes(**{outcome: 1})
    result.stdout.fnmatch_lines(
        [
            "*test_case.py::test_a was skipped (the shared file is missing); "
            "skipped tests are failures here*"
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_module_skipped_at_collection_fails(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        "import pytest\npytest.importorskip('a_module_nobody_installed')\ndef test_a(): pass\n",
    )

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*test_case.py was skipped (*a_module_nobody_installed*); skipped tests are failures*"]
    )
    assert result.ret != pytest.ExitCode.OK


def test_passes_failures_and_expected_failures_keep_their_outcome(
    pytester: pytest.Pytester,
) -> None:
    result = run(
        pytester,
        "import pytest\n"
        "def test_passes(): pass\n"
        "def test_fails(): assert 1 == 2\n"
        "@pytest.mark.skipif(False, reason='never true')\n"
        "def test_not_skipped(): pass\n"
        "@pytest.mark.xfail(reason='known', strict=True)\n"
        "def test_expected_failure(): assert 1 == 2\n",
    )

    result.assert_outcomes(passed=2, failed=1, xfailed=1)
    result.stdout.no_fnmatch_line("*was skipped*")


def test_the_suite_loads_the_plugin(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("tests.plugins.no_skips")
