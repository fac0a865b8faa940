"""[tool.fitmigrate]: finding the file, each key, validation errors, command-line overrides, globs."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from fitmigrate.config import DEFAULT_EXCLUDE, Config, ConfigError, find_pyproject, load_config, read_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.fitmigrate]\nselect = ["FM1", "FM301"]\n'
          'ignore = ["FM101"]\nextend-exclude = ["legacy", "src/gen/*.py"]\ninfer = "sample"\n')
    write(tmp_path / "src" / "pkg" / "train.py", "")
    return tmp_path


def test_nearest_pyproject_with_a_table_is_found_from_a_file_or_folder(project):
    assert find_pyproject(project / "src" / "pkg" / "train.py") == project / "pyproject.toml"
    assert find_pyproject(project / "src") == project / "pyproject.toml"


def test_a_pyproject_without_the_table_does_not_hide_the_projects(project):
    write(project / "src" / "pyproject.toml", '[project]\nname = "vendored"\n')
    assert find_pyproject(project / "src" / "pkg") == project / "pyproject.toml"


def test_every_key_is_read(project):
    config = load_config([project / "src"])
    assert config.root == project
    assert config.select == ("FM1", "FM301")
    assert config.ignore == ("FM101",)
    assert config.exclude == DEFAULT_EXCLUDE
    assert config.extend_exclude == ("legacy", "src/gen/*.py")
    assert config.infer == "sample"


def test_no_file_gives_the_defaults(tmp_path):
    config = load_config([tmp_path])
    assert config == Config()
    assert config.infer == "static" and config.root is None


@pytest.mark.parametrize("code, selected", [
    pytest.param("FM103", True, id="prefix FM1 selects FM103"),
    pytest.param("FM101", False, id="ignore wins over the FM1 prefix"),
    pytest.param("FM301", True, id="exact code"),
    pytest.param("FM302", False, id="not selected"),
    pytest.param("fm104", True, id="case does not matter"),
])
def test_select_and_ignore(project, code, selected):
    assert load_config([project]).selects(code) is selected


def test_default_selection_hides_info_notes_only():
    config = Config()
    assert config.selects("FM100") and config.selects("FM202") and config.selects("FM301")
    assert not config.selects("FM200")  # info
    assert Config(select=("ALL",)).selects("FM200")
    assert not Config(ignore=("FM3",)).selects("FM301")


def test_unknown_key_names_the_key_and_the_file(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.fitmigrate]\nextend_exclude = ["x"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path])
    message = caught.value.format_message()
    assert str(path) in message and "extend_exclude" in message and "extend-exclude" in message
    assert isinstance(caught.value, click.UsageError) and caught.value.exit_code == 2


@pytest.mark.parametrize("body, key", [
    pytest.param('select = "FM1"', "select", id="a string where a list is expected"),
    pytest.param('select = ["E501"]', "select", id="not a fitmigrate code"),
    pytest.param('ignore = ["FM9"]', "ignore", id="a prefix of no rule"),
    pytest.param('exclude = [1]', "exclude", id="a number in a glob list"),
    pytest.param('infer = "dynamic"', "infer", id="an unknown infer mode"),
    pytest.param('colour = true', "colour", id="an unknown key"),
])
def test_invalid_values_name_the_key_and_the_file(tmp_path, body, key):
    path = write(tmp_path / "pyproject.toml", f"[tool.fitmigrate]\n{body}\n")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert str(path) in str(caught.value) and key in str(caught.value)
    assert caught.value.key == key


def test_broken_toml_is_reported_with_the_file(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.fitmigrate\nselect = [\n")
    with pytest.raises(ConfigError, match="invalid TOML") as caught:
        load_config([tmp_path])
    assert str(path) in str(caught.value)


def test_explicit_config_file_must_hold_the_table(tmp_path):
    path = write(tmp_path / "other.toml", '[tool.black]\nline-length = 100\n')
    with pytest.raises(ConfigError, match="no \\[tool.fitmigrate\\] table"):
        load_config([tmp_path], config_file=path)
    good = write(tmp_path / "ci.toml", '[tool.fitmigrate]\nignore = ["FM2"]\n')
    assert load_config([tmp_path], config_file=good).ignore == ("FM2",)


def test_paths_under_two_configurations_are_refused_rather_than_guessed(tmp_path):
    write(tmp_path / "a" / "pyproject.toml", "[tool.fitmigrate]\n")
    write(tmp_path / "b" / "pyproject.toml", "[tool.fitmigrate]\n")
    with pytest.raises(ConfigError, match="different"):
        load_config([tmp_path / "a", tmp_path / "b"])
    assert load_config([tmp_path / "a", tmp_path / "elsewhere"]).root == tmp_path / "a"


def test_command_line_overrides(project):
    config = load_config([project])
    assert config.with_overrides() is config
    # --select replaces the selection and the configured ignore list, as in ruff.
    shown = config.with_overrides(select=["FM101"])
    assert shown.selects("FM101") and not shown.selects("FM103")
    # --ignore adds to the configured ignore list.
    fewer = config.with_overrides(ignore=["FM103"])
    assert not fewer.selects("FM103") and not fewer.selects("FM101") and fewer.selects("FM104")
    both = config.with_overrides(select=["FM1"], ignore=["FM104"])
    assert both.selects("FM101") and not both.selects("FM104")
    assert config.with_overrides(infer="static").infer == "static"
    assert config.with_overrides(extend_exclude=["more"]).extend_exclude == ("legacy", "src/gen/*.py", "more")
    assert config.with_overrides(exclude=[]).effective_exclude == ("legacy", "src/gen/*.py")


def test_bad_command_line_values_name_the_option(project):
    with pytest.raises(ConfigError, match="--select"):
        load_config([project]).with_overrides(select=["W605"])
    with pytest.raises(ConfigError, match="--infer"):
        Config().with_overrides(infer="guess")


@pytest.mark.parametrize("relative, excluded", [
    pytest.param("legacy/train.py", True, id="component pattern: folder at the top"),
    pytest.param("src/legacy/train.py", True, id="component pattern: folder at any depth"),
    pytest.param("src/legacy_code/train.py", False, id="component pattern: whole name only"),
    pytest.param("src/gen/a.py", True, id="anchored pattern"),
    pytest.param("src/gen/sub/a.py", False, id="* does not cross /"),
    pytest.param("other/src/gen/a.py", False, id="anchored at the config root"),
    pytest.param("pkg.egg-info/x.py", True, id="default *.egg-info"),
    pytest.param("x/__pycache__/m.py", True, id="default __pycache__"),
    pytest.param("src/pkg/train.py", False, id="ordinary file"),
])
def test_exclusion_globs(project, relative, excluded):
    assert load_config([project]).is_excluded(project / relative) is excluded


def test_double_star_and_classes(tmp_path):
    config = Config(root=tmp_path, exclude=("tests/**/fixtures", "nb/[!k]*.ipynb", "./top/"))
    assert config.is_excluded(tmp_path / "tests" / "fixtures" / "a.py")
    assert config.is_excluded(tmp_path / "tests" / "unit" / "deep" / "fixtures" / "a.py")
    assert config.is_excluded(tmp_path / "nb" / "draft.ipynb")
    assert not config.is_excluded(tmp_path / "nb" / "keep.ipynb")
    assert config.is_excluded(tmp_path / "top" / "x.py")
    assert not config.is_excluded(tmp_path / "build" / "x.py")  # exclude replaced the defaults


def test_excludes_entry_checks_only_the_entry_itself(project):
    config = load_config([project])
    assert config.excludes_entry(project / "legacy")
    assert not config.excludes_entry(project / "legacy" / "train.py")  # the walk pruned the folder already
    assert config.is_excluded(project / "legacy" / "train.py")


def test_relative_paths_resolve_against_the_config_root(project, monkeypatch):
    monkeypatch.chdir(project / "src")
    config = load_config([Path("pkg")])
    assert config.is_excluded(Path("gen") / "a.py")
    assert not config.is_excluded(Path("pkg") / "train.py")


def test_fingerprint_is_stable_and_tracks_the_effective_settings(project, tmp_path):
    config = load_config([project])
    assert config.fingerprint() == load_config([project]).fingerprint()
    assert config.fingerprint() == Config(root=tmp_path / "elsewhere", select=("FM301", "FM1"), ignore=("FM101",),
                                          extend_exclude=("src/gen/*.py", "legacy"), infer="sample").fingerprint()
    assert config.fingerprint() != config.with_overrides(infer="static").fingerprint()
    assert config.fingerprint() != config.with_overrides(ignore=["FM2"]).fingerprint()
    assert Config().fingerprint() != Config(select=("ALL",)).fingerprint()
    assert len(config.fingerprint()) == 32
