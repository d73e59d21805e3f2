"""keras.applications, read from the installed Keras' own source: equal to the built models.

Each constructor is evaluated statically from ``keras/src/applications/<module>.py``
with ``weights=None`` (plus keyword variants) and compared with
``keras.applications.<Name>(weights=None, ...)`` built by real Keras.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import tempfile

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.reports.json_report import model_document
from kerasparam_lint.reports.model_rows import model_rows
from tests.keras_oracle import keras_summary_many
from tests.static_summary import comparable

pytest.importorskip("keras")

CONSTRUCTORS = {
    "vgg16": ["VGG16"],
    "vgg19": ["VGG19"],
    "resnet": ["ResNet50", "ResNet101", "ResNet152"],
    "resnet_v2": ["ResNet50V2", "ResNet101V2", "ResNet152V2"],
    "inception_v3": ["InceptionV3"],
    "inception_resnet_v2": ["InceptionResNetV2"],
    "xception": ["Xception"],
    "mobilenet": ["MobileNet"],
    "mobilenet_v2": ["MobileNetV2"],
    "mobilenet_v3": ["MobileNetV3Small", "MobileNetV3Large"],
    "densenet": ["DenseNet121", "DenseNet169", "DenseNet201"],
    "nasnet": ["NASNetMobile", "NASNetLarge"],
    "efficientnet": [f"EfficientNetB{i}" for i in range(8)],
    "efficientnet_v2": [
        *(f"EfficientNetV2B{i}" for i in range(4)),
        "EfficientNetV2S",
        "EfficientNetV2M",
        "EfficientNetV2L",
    ],
    "convnext": [f"ConvNeXt{size}" for size in ("Tiny", "Small", "Base", "Large", "XLarge")],
}

# Keyword variants, applied to one representative constructor per module.
VARIANTS = [
    "include_top=False, input_shape=(160, 160, 3)",
    'include_top=False, input_shape=(None, None, 3), pooling="avg"',
    "classes=10",
]

# Known gaps, each with the reason (listed in the README as well).
NOT_YET_EXACT: dict[str, str] = {}


def _applications_dir() -> str:
    spec = importlib.util.find_spec("keras")
    assert spec is not None and spec.origin is not None
    return os.path.join(os.path.dirname(spec.origin), "src", "applications")


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for module, names in CONSTRUCTORS.items():
        for name in names:
            cases.append((module, name, ""))
        for variant in VARIANTS:
            cases.append((module, names[0], variant))
    return cases


CASES = _cases()


def _case_id(case: tuple[str, str, str]) -> str:
    return f"{case[1]}({case[2]})"


@pytest.fixture(scope="module")
def oracle() -> dict[str, dict]:
    """Real Keras' models, built one family (module) per process: a process that built
    every family would hold them all at once (11 GB), one family peaks near 1.5 GB."""
    documents: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        for _, family in itertools.groupby(enumerate(CASES), key=lambda item: item[1][0]):
            paths = []
            for index, (_, name, variant) in family:
                arguments = ", ".join(part for part in ("weights=None", variant) if part)
                path = os.path.join(folder, f"build_{index}.py")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(
                        "import keras\n\n\n"
                        f"def build():\n    return keras.applications.{name}({arguments})\n"
                    )
                paths.append(path)
            documents += keras_summary_many(paths)
    return {_case_id(case): doc for case, doc in zip(CASES, documents, strict=True)}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_application_equals_keras(case: tuple[str, str, str], oracle: dict[str, dict]) -> None:
    module, name, variant = case
    if name in NOT_YET_EXACT:
        pytest.xfail(NOT_YET_EXACT[name])
    truth = oracle[_case_id(case)]
    assert "error" not in truth, truth.get("error")
    path = os.path.join(_applications_dir(), f"{module}.py")
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    analysis = analyze_source(source, path, model_call=f"{name}({variant})")
    rows = [model_rows(model) for model in analysis.models]
    assert [r.complete for r in rows] == [True]
    static = comparable({"models": [model_document(r) for r in rows]})
    expected = comparable(truth)
    for model in expected:
        model["entry"] = name
    assert static == expected
