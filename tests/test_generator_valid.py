"""Keep the random model generator honest: what it writes must build under real Keras."""

from __future__ import annotations

import ast
import importlib.util
import re

import pytest
from hypothesis import HealthCheck, given, settings

from kerasparam_lint.libraries.keras.catalogue import MERGE_FUNCTIONS
from tests.keras_oracle import entry_function_names, keras_summary_many
from tests.model_generator import model_source_from_seed, model_sources

# The layer classes the generator is expected to exercise (class or function form).
EXPECTED_LAYERS = """
Dense EinsumDense Embedding
Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose
SeparableConv1D SeparableConv2D DepthwiseConv1D DepthwiseConv2D
MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D AveragePooling2D AveragePooling3D
GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D
GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D
UpSampling1D UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D
Cropping1D Cropping2D Cropping3D Flatten Reshape Permute RepeatVector
Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D
GaussianNoise GaussianDropout AlphaDropout
BatchNormalization LayerNormalization GroupNormalization UnitNormalization
Activation ReLU LeakyReLU PReLU ELU Softmax
Add Subtract Multiply Average Maximum Minimum Concatenate Dot
SimpleRNN LSTM GRU Bidirectional TimeDistributed ConvLSTM1D ConvLSTM2D
MultiHeadAttention Attention Rescaling Resizing CenterCrop
""".split()

# keras.layers' function forms (``layers.add([...])``) and the classes they build.
FUNCTION_FORMS = MERGE_FUNCTIONS

LAYER_CALL = re.compile(r"\blayers\.([A-Za-z0-9_]+)\(")


def collect_sources(count: int) -> list[str]:
    """Draw `count` generated modules (duplicates removed, order kept)."""
    sources: list[str] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(model_sources())
    def collect(source: str) -> None:
        sources.append(source)

    collect()
    return list(dict.fromkeys(sources))


def test_generated_sources_are_plain_model_modules():
    for source in collect_sources(40):
        tree = ast.parse(source)
        imports = [
            node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
        ]
        assert {ast.unparse(node) for node in imports} <= {
            "import keras",
            "from keras import layers",
        }
        assert entry_function_names(source) == []
        compile(source, "<generated>", "exec")


def test_generator_covers_the_layer_catalogue():
    seen: set[str] = set()
    for source in (model_source_from_seed(seed) for seed in range(300)):
        for name in LAYER_CALL.findall(source):
            seen.add(FUNCTION_FORMS.get(name, name))
    missing = sorted(set(EXPECTED_LAYERS) - seen)
    assert not missing, f"never generated: {missing}"


requires_keras = pytest.mark.skipif(
    importlib.util.find_spec("keras") is None,
    reason="keras is not installed; the real-Keras oracle needs it",
)


@requires_keras
def test_generated_models_build_under_keras(tmp_path):
    """About 30 Hypothesis examples (duplicates dropped), one Keras process."""
    check_sources_build(collect_sources(30), tmp_path)


@requires_keras
def test_seeded_models_build_under_keras(tmp_path):
    """The seeded generator draws larger models than Hypothesis' early examples."""
    check_sources_build([model_source_from_seed(seed) for seed in range(40)], tmp_path)


def check_sources_build(sources: list[str], tmp_path) -> None:
    paths = []
    for i, source in enumerate(sources):
        path = tmp_path / f"generated_{i:03d}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    docs = keras_summary_many(paths)

    failures = []
    for source, doc in zip(sources, docs, strict=True):
        if "error" in doc:
            failures.append(f"{doc['error']}\n--- source ---\n{source}")
            continue
        if not doc["models"]:
            failures.append(f"no model found\n--- source ---\n{source}")
            continue
        for model in doc["models"]:
            total = model["trainable_params"] + model["non_trainable_params"]
            if model["total_params"] != total:
                failures.append(f"inconsistent totals in {model['name']}\n{source}")
            if any(layer["params"] is None for layer in model["layers"]):
                failures.append(f"unbuilt layer in {model['name']}\n{source}")
    assert not failures, f"{len(failures)} of {len(sources)} generated modules failed:\n\n" + (
        "\n\n".join(failures[:5])
    )
