"""Model files as people write them (fixtures/real_world/): the summary equals Keras'.

Each fixture is one style of real public code: a snippet pasted without imports, a
script whose model is built under ``if __name__ == "__main__":``, a GAN class, a
Keras 1 file, a notebook export with ``%`` lines, ... The oracle runs each file as its
user would (``tests.keras_oracle.keras_runs``): a snippet with the imports it leaves
out (the names the analyzer assumes), a Keras 1 or notebook line in the minimal form
Keras 3 runs, training and downloads stubbed. The analyzer reads the file as written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kerasparam_lint.analysis import FileAnalysis, analyze_source
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.reports.json_report import model_document
from kerasparam_lint.reports.model_rows import model_rows
from tests.keras_oracle import FIXTURES_DIR, keras_runs
from tests.static_summary import comparable

pytest.importorskip("keras")

REAL_WORLD = os.path.join(FIXTURES_DIR, "real_world")

# What a pasted snippet leaves out: the Keras names the analyzer assumes.
SNIPPET_IMPORTS = (
    "from keras.layers import *\nfrom keras.models import *\nfrom keras import backend as K\n"
)


@dataclass(frozen=True)
class Run:
    """One way the user runs the file, and the lines Keras 3 needs rewritten for it."""

    argv: tuple[str, ...] = ()
    main_entry: str = "__main__"
    model_call: str | None = None


@dataclass(frozen=True)
class Case:
    fixture: str
    prelude: str = ""
    oracle_lines: dict[str, str] = field(default_factory=dict)
    runs: tuple[Run, ...] = (Run(),)

    @property
    def path(self) -> str:
        return os.path.join(REAL_WORLD, self.fixture)

    def specs(self) -> list[dict[str, Any]]:
        return [
            {
                "path": self.path,
                "prelude": self.prelude,
                "oracle_lines": self.oracle_lines,
                "as_main": run.model_call is None,
                "argv": list(run.argv),
                "main_entry": run.main_entry,
                "model_call": run.model_call,
            }
            for run in self.runs
        ]


_KERAS1_DIM_ORDERING = {
    "K.set_image_dim_ordering('th')": "K.set_image_data_format('channels_first')",
    "if K.image_dim_ordering() == 'th':": "if K.image_data_format() == 'channels_first':",
}

CASES = [
    # 1. Snippets without imports.
    Case(
        "snippet_unet_seed002.py",
        prelude=SNIPPET_IMPORTS,
        oracle_lines={
            "inputs = Input(256,256,1)": "inputs = Input((256,256,1))",
            "model = Model(input = inputs, output = conv10)": (
                "model = Model(inputs = inputs, outputs = conv10)"
            ),
        },
    ),
    Case("snippet_sequential_cnn.py", prelude=SNIPPET_IMPORTS),
    Case("snippet_backend_k.py", prelude=SNIPPET_IMPORTS),
    Case(
        "snippet_keras1_merge.py",
        prelude=SNIPPET_IMPORTS,
        oracle_lines={
            "tower_1 = Convolution2D(64, 1, 1, border_mode='same', activation='relu')(inp)": (
                "tower_1 = Conv2D(64, (1, 1), padding='same', activation='relu')(inp)"
            ),
            "tower_1 = Convolution2D(64, 3, 3, border_mode='same', activation='relu')(tower_1)": (
                "tower_1 = Conv2D(64, (3, 3), padding='same', activation='relu')(tower_1)"
            ),
            "tower_2 = Convolution2D(64, 1, 1, border_mode='same', activation='relu')(inp)": (
                "tower_2 = Conv2D(64, (1, 1), padding='same', activation='relu')(inp)"
            ),
            "tower_2 = Convolution2D(64, 5, 5, border_mode='same', activation='relu')(tower_2)": (
                "tower_2 = Conv2D(64, (5, 5), padding='same', activation='relu')(tower_2)"
            ),
            "tower_3 = MaxPooling2D((3, 3), strides=(1, 1), border_mode='same')(inp)": (
                "tower_3 = MaxPooling2D((3, 3), strides=(1, 1), padding='same')(inp)"
            ),
            "tower_3 = Convolution2D(64, 1, 1, border_mode='same', activation='relu')(tower_3)": (
                "tower_3 = Conv2D(64, (1, 1), padding='same', activation='relu')(tower_3)"
            ),
            "output = merge([tower_1, tower_2, tower_3], mode='concat', concat_axis=3)": (
                "output = concatenate([tower_1, tower_2, tower_3], axis=3)"
            ),
            "model = Model(input=inp, output=out)": "model = Model(inputs=inp, outputs=out)",
        },
    ),
    Case(
        "snippet_siamese_lambda.py",
        prelude=SNIPPET_IMPORTS + "import keras\n",
        oracle_lines={
            "L1_layer = Lambda(lambda tensors: K.abs(tensors[0] - tensors[1]))": (
                "L1_layer = Lambda(lambda tensors: keras.ops.abs(tensors[0] - tensors[1]))"
            ),
        },
    ),
    # 5. Star imports.
    Case("star_imports_unet.py"),
    Case("star_imports_callbacks.py"),
    # 6. Lines Python cannot parse.
    Case(
        "notebook_magics.py",
        oracle_lines={
            "get_ipython().system('nvidia-smi')": "",
            "%matplotlib inline": "",
            "!pip install -q keras": "",
            "%%time": "",
        },
    ),
    Case(
        "python2_prints.py",
        oracle_lines={
            'print "X_train shape:", X_train.shape': "",
            "print layer.name, layer.output_shape": "pass",
            'print "Compiled"': "",
        },
    ),
    Case(
        "colab_prose_lines.py",
        oracle_lines={
            "Residual block with two convolutions and a skip connection": "",
            "Now the model itself": "",
            "!nvidia-smi": "",
        },
    ),
    # 2. Scripts.
    Case("script_main_direct.py"),
    Case("script_main_builder.py"),
    Case("script_main_function.py"),
    Case(
        "script_argparse_branches.py",
        runs=(
            Run(main_entry="__main__ [args.model == 'mlp']"),
            Run(argv=("--model", "cnn"), main_entry="__main__ [args.model == 'cnn']"),
        ),
    ),
    # The third choice needs a package the analyzer does not have: not reported.
    Case(
        "script_arch_choices.py",
        runs=(
            Run(main_entry="__main__ [args.arch == 'resnet']"),
            Run(argv=("--arch", "vgg"), main_entry="__main__ [args.arch == 'vgg']"),
        ),
    ),
    Case("script_train_function.py"),
    Case("script_rebinding_load_model.py"),
    # 7. Data preparation before the model.
    Case("data_prep_while_random.py"),
    Case("data_prep_file_rows.py"),
    Case("data_prep_long_loop.py"),
    Case("data_prep_unknown_loop.py"),
    Case("data_prep_ring_samples.py"),
    # 3. Class builders.
    Case(
        "gan_class.py",
        oracle_lines={"gan.train(epochs=30000, batch_size=32, sample_interval=200)": ""},
    ),
    Case(
        "resnet_builder_static.py",
        runs=(
            Run(model_call="ResnetBuilder.build_resnet_18((3, 32, 32), 10)"),
            Run(model_call="ResnetBuilder.build_resnet_10((3, 64, 64), 5)"),
        ),
    ),
    Case("autoencoder_class.py"),
    Case("gan_sequential_of_models.py"),
    Case("class_train_method.py"),
    # 4. Keras 1 and Keras 2 files.
    Case(
        "keras1_cifar_th.py",
        oracle_lines={
            **_KERAS1_DIM_ORDERING,
            "from keras.layers import Convolution2D, MaxPooling2D": (
                "from keras.layers import Conv2D, MaxPooling2D"
            ),
            "model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(img_channels, "
            "img_rows, img_cols)))": (
                "model.add(Conv2D(32, (3, 3), padding='same', input_shape=(img_channels, "
                "img_rows, img_cols)))"
            ),
            "model.add(Convolution2D(32, 3, 3))": "model.add(Conv2D(32, (3, 3)))",
            "model.add(Convolution2D(64, 3, 3, border_mode='same'))": (
                "model.add(Conv2D(64, (3, 3), padding='same'))"
            ),
            "model.add(Convolution2D(64, 3, 3))": "model.add(Conv2D(64, (3, 3)))",
            "sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)": (
                "sgd = SGD(learning_rate=0.01, momentum=0.9, nesterov=True)"
            ),
        },
    ),
    Case(
        "keras1_mnist_dim_ordering.py",
        oracle_lines={
            **_KERAS1_DIM_ORDERING,
            "from keras.layers import Convolution2D, MaxPooling2D": (
                "from keras.layers import Conv2D, MaxPooling2D"
            ),
            "from keras.utils import np_utils": "",
            "model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1],": (
                "model.add(Conv2D(nb_filters, (kernel_size[0], kernel_size[1]),"
            ),
            "border_mode='valid',": "padding='valid',",
            "model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1]))": (
                "model.add(Conv2D(nb_filters, (kernel_size[0], kernel_size[1])))"
            ),
        },
    ),
    Case(
        "keras1_functional_merge.py",
        oracle_lines={
            "from keras.layers import Input, Convolution2D, BatchNormalization, Activation, "
            "merge": "from keras.layers import Input, Conv2D, BatchNormalization, Activation, add",
            "x = Convolution2D(nb_filter, nb_row, nb_col, subsample=subsample,": (
                "x = Conv2D(nb_filter, (nb_row, nb_col), strides=subsample,"
            ),
            "init='he_normal', border_mode='same')(x)": (
                "kernel_initializer='he_normal', padding='same')(x)"
            ),
            "x = BatchNormalization(mode=0, axis=3)(x)": "x = BatchNormalization(axis=3)(x)",
            "y = Convolution2D(nb_filter, 3, 3, border_mode='same', init='he_normal')(y)": (
                "y = Conv2D(nb_filter, (3, 3), padding='same', kernel_initializer='he_normal')(y)"
            ),
            "y = BatchNormalization(mode=0, axis=3)(y)": "y = BatchNormalization(axis=3)(y)",
            "y = merge([x, y], mode='sum')": "y = add([x, y])",
            "outputs = Dense(output_dim=nb_classes, activation='softmax')(x)": (
                "outputs = Dense(units=nb_classes, activation='softmax')(x)"
            ),
            "return Model(input=inputs, output=outputs)": (
                "return Model(inputs=inputs, outputs=outputs)"
            ),
        },
    ),
    Case("keras2_strided_three_ints.py"),
    # 8. Unbuilt and array-built models.
    Case("unbuilt_sequential.py"),
    Case("array_built_model.py"),
    Case("array_built_summary_error.py"),
    Case("frozen_backbone_augmentation.py"),
    # 9. Lambda layers on element-wise functions.
    Case("lambda_normalize.py"),
    Case(
        "lambda_resize.py",
        prelude="import keras\n",
        oracle_lines={
            "model.add(Lambda(lambda x: K.tf.image.resize_images(x, (66, 200)), "
            "input_shape=(160, 320, 3)))": (
                "model.add(Lambda(lambda x: keras.ops.image.resize(x, (66, 200)), "
                "input_shape=(160, 320, 3)))"
            ),
        },
    ),
]

# Cases the analyzer does not summarize exactly yet, with the reason.
PENDING: dict[str, str] = {}

CASE_IDS = [case.fixture for case in CASES]


def _source(case: Case) -> str:
    with open(case.path, encoding="utf-8") as f:
        return f.read()


def _static(case: Case) -> list[dict[str, Any]]:
    """The analyzer's models, one analysis per ``--model`` run (else one for the file)."""
    calls = [run.model_call for run in case.runs if run.model_call is not None] or [None]
    models: list[dict[str, Any]] = []
    for call in calls:
        analysis = analyze_source(_source(case), case.path, model_call=call)
        documents = [model_document(model_rows(model)) for model in analysis.models]
        models.extend(comparable({"models": documents}))
    return models


@pytest.fixture(scope="module")
def oracle() -> dict[str, list[dict[str, Any]]]:
    specs = [(case.fixture, spec) for case in CASES for spec in case.specs()]
    docs = keras_runs([spec for _, spec in specs])
    truth: dict[str, list[dict[str, Any]]] = {case.fixture: [] for case in CASES}
    for (fixture, _), doc in zip(specs, docs, strict=True):
        assert "error" not in doc, f"{fixture}: {doc['error']}"
        truth[fixture].extend(comparable(doc))
    return truth


def test_at_least_25_fixtures_each_used_once() -> None:
    files = sorted(name for name in os.listdir(REAL_WORLD) if name.endswith(".py"))
    assert len(files) >= 25
    assert sorted(CASE_IDS) == files


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            marks=[pytest.mark.xfail(strict=True, reason=PENDING[case.fixture])]
            if case.fixture in PENDING
            else [],
        )
        for case in CASES
    ],
    ids=CASE_IDS,
)
def test_summary_equals_keras(case: Case, oracle: dict[str, list[dict[str, Any]]]) -> None:
    truth = oracle[case.fixture]
    assert truth, "the oracle found no model"
    assert _static(case) == truth


def test_nine_in_ten_models_exact(oracle: dict[str, list[dict[str, Any]]]) -> None:
    total = exact = 0
    for case in CASES:
        truth = oracle[case.fixture]
        found = _static(case)
        total += len(truth)
        exact += sum(1 for i, model in enumerate(truth) if i < len(found) and found[i] == model)
    assert total >= 40
    assert exact >= 0.9 * total, f"{exact} of {total} models exact"


# ---------------------------------------------------------------------------
# The seed-002 snippet, verbatim
# ---------------------------------------------------------------------------


def _seed_snippet() -> str:
    return _source(CASES[0])


def test_seed_snippet_table() -> None:
    (model,) = analyze_source(_seed_snippet(), "snippet.py").models
    rows = model_rows(model)
    document = model_document(rows)
    assert document["total_params"] == 31_031_685
    layers = document["layers"]
    after_upsampling = [
        layers[i + 1] for i, layer in enumerate(layers[:-1]) if layer["class"] == "UpSampling2D"
    ]
    assert [layer["params"] for layer in after_upsampling] == [2_097_664, 524_544, 131_200, 32_832]
    assert after_upsampling[0]["line"] == 18


def test_seed_snippet_findings() -> None:
    findings = lint_source(_seed_snippet(), "snippet.py").findings
    assert [(f.code, f.line) for f in findings] == [("KPL301", 1), ("KPL302", 36)]


def test_the_summary_names_the_names_it_assumed(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(_seed_snippet())
    assumed = ["Conv2D", "Dropout", "Input", "MaxPooling2D", "Model", "UpSampling2D", "concatenate"]
    text = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert text.splitlines()[-1] == f"Assumed from Keras (never imported): {', '.join(assumed)}"
    document = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(document)["files"][0]["assumed_names"] == assumed


def test_a_name_bound_anywhere_is_never_assumed() -> None:
    source = _seed_snippet() + "if False:\n    from mylib import Conv2D\n"
    (model,) = analyze_source(source, "snippet.py").models
    assert model_rows(model).complete is False
    assert "Conv2D" not in analyze_source(source, "snippet.py").assumed_names


# ---------------------------------------------------------------------------
# A model called on an array
# ---------------------------------------------------------------------------

UNKNOWN_ARRAY_CALL = """\
import numpy as np
import keras
from keras import layers

x = np.load("features.npy")
model = keras.Sequential([layers.Dense(8), layers.Dense(1)])
model(x)
"""


def test_a_call_on_an_array_of_unknown_shape_leaves_the_model_unknown() -> None:
    """Keras builds it for a shape the analysis does not know: no number is invented."""
    (model,) = analyze_source(UNKNOWN_ARRAY_CALL, "model.py").models
    rows = model_rows(model)
    assert rows.complete is False
    assert [layer["params"] for layer in model_document(rows)["layers"]] == [None, None]


# ---------------------------------------------------------------------------
# A script's command line: one entry per reading its branches tell apart
# ---------------------------------------------------------------------------


def _summary_output(path: str, *options: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", *options, path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_each_reading_of_the_command_line_is_a_table_named_by_its_condition() -> None:
    path = os.path.join(REAL_WORLD, "script_argparse_branches.py")
    lines = _summary_output(path).splitlines()
    assert [line for line in lines if line.startswith("Model:")] == [
        f"Model: \"mlp\" ({path}:7, __main__() [args.model == 'mlp'])",
        f"Model: \"lenet\" ({path}:23, __main__() [args.model == 'cnn'])",
    ]
    assert [line for line in lines if line.startswith("Total params:")] == [
        "Total params: 235,146 (918.54 KB)",
        "Total params: 18,378 (71.79 KB)",
    ]
    assert lines.count("Assumed command-line defaults: --hidden=256") == 2


def test_a_choice_whose_model_cannot_be_built_is_not_reported() -> None:
    path = os.path.join(REAL_WORLD, "script_arch_choices.py")
    (document,) = json.loads(_summary_output(path, "--format", "json"))["files"]
    models = [
        (m["name"], m["entry"], m["condition"], m["total_params"]) for m in document["models"]
    ]
    assert models == [
        ("resnet14", "__main__ [args.arch == 'resnet']", "args.arch == 'resnet'", 176_378),
        ("vgg_small", "__main__ [args.arch == 'vgg']", "args.arch == 'vgg'", 814_122),
    ]
    # Every other option read as declared; a string default converted by its type.
    assert document["assumed_options"] == {
        "--width": 16,
        "--lr": 0.001,
        "--augment": False,
        "--batch-size": 128,
        "--epochs": 40,
    }


_MODELS = """\
import argparse
from keras import layers, models

def build(units):
    model = models.Sequential([layers.Input((8,)), layers.Dense(units)])
    return model
"""


def _script(source: str, **limits: int) -> FileAnalysis:
    return analyze_source(_MODELS + source, "train.py", limits=Limits(**limits))


def _entries(source: str, **limits: int) -> list[str]:
    return [model_rows(model).entry_name for model in _script(source, **limits).models]


def test_without_choices_the_compared_literals_are_the_readings() -> None:
    source = """
if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small")
    opts = parser.parse_args()
    if opts.size == "small":
        model = build(4)
    elif opts.size in ("large", "huge"):
        model = build(64)
"""
    assert _entries(source) == [
        "__main__ [opts.size == 'small']",
        "__main__ [opts.size == 'large']",
        "__main__ [opts.size == 'huge']",
    ]


def test_an_option_the_command_line_must_give_has_no_default_run() -> None:
    source = """
def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("arch", choices=["a", "b"])
    args = parser.parse_args()
    model = build(4) if args.arch == "a" else build(8)

if __name__ == "__main__":
    main()
"""
    assert _entries(source) == ["__main__ [args.arch == 'a']", "__main__ [args.arch == 'b']"]


def test_readings_stop_at_the_limit_and_say_so() -> None:
    source = """
if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1, choices=[1, 2, 3, 4])
    args = parser.parse_args()
    if args.units == 1:
        pass
    model = build(args.units)
"""
    assert _entries(source, max_command_line_readings=2) == [
        "__main__ [args.units == 1]",
        "__main__ [args.units == 2]",
    ]
    notes = _script(source, max_command_line_readings=2).notes
    assert (0, "2 more command-line readings not run (max-command-line-readings = 2)") in notes


def test_flags_and_options_read_outside_the_script_block_take_their_defaults() -> None:
    source = """
parser = argparse.ArgumentParser()
parser.add_argument("--wide", action="store_true")
parser.add_argument("--kind", default="a")
args = parser.parse_args()
net = build(2) if args.kind == "a" else build(3)

if __name__ == "__main__":
    model = build(64 if args.wide else 4)
"""
    analysis = _script(source)
    assert [model_rows(m).entry_name for m in analysis.models] == ["module", "__main__"]
    assert [model_rows(m).total for m in analysis.models] == [18, 36]
    assert analysis.assumed_options == (("--kind", "a"), ("--wide", False))


def test_an_option_whose_readings_build_the_same_tables_names_no_entry() -> None:
    source = """
if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--optimizer", default="adam", choices=["adam", "sgd"])
    parser.add_argument("--size", default="small", choices=["small", "large"])
    args = parser.parse_args()
    model = build(4 if args.size == "small" else 64)
    optimizer = "sgd" if args.optimizer == "sgd" else "adam"
    model.compile(optimizer=optimizer, loss="mse")
"""
    analysis = _script(source)
    assert [model_rows(m).entry_name for m in analysis.models] == [
        "__main__ [args.size == 'small']",
        "__main__ [args.size == 'large']",
    ]
    assert [model_rows(m).total for m in analysis.models] == [36, 576]
    assert analysis.assumed_options == (("--optimizer", "adam"),)


def test_a_choice_picked_through_a_table_of_builders_is_a_reading_too() -> None:
    source = """
BUILDERS = {"small": lambda: build(4), "large": lambda: build(64)}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small", choices=list(BUILDERS))
    config = parser.parse_args()
    model = BUILDERS[config.size]()
"""
    analysis = _script(source)
    assert [model_rows(m).entry_name for m in analysis.models] == [
        "__main__ [config.size == 'small']",
        "__main__ [config.size == 'large']",
    ]
    assert [model_rows(m).total for m in analysis.models] == [36, 576]


# ---------------------------------------------------------------------------
# Data preparation before the model
# ---------------------------------------------------------------------------


def test_a_50000_sample_loop_costs_the_model_nothing(tmp_path: Path) -> None:
    """The loop alone needs more than the file's 500,000 steps: it stops, what it
    assigns is unknown, and the model after it is exact (its table is Keras', above)
    with no 'analysis stopped'."""
    path = tmp_path / "ring.py"
    path.write_text(_source(Case("data_prep_ring_samples.py")))
    done = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", "--verbose", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr.splitlines() == [
        f"{path}:10: note: loop stopped: it needs more steps than the analysis has left"
    ]
    assert "Total params: 225 (900.00 B)" in done.stdout
    assert "Incomplete" not in done.stdout
