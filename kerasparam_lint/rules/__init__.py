"""The registry of lint rules: every rule class, in code order.

A new rule is one module in this package holding one :class:`~.base.Rule`
subclass, listed in ``RULES`` below.
"""

from __future__ import annotations

from kerasparam_lint.rules.base import Rule
from kerasparam_lint.rules.kpl001_syntax_error import SyntaxErrorInFile
from kerasparam_lint.rules.kpl002_internal_error import InternalError
from kerasparam_lint.rules.kpl101_merge_shapes import MergeShapes
from kerasparam_lint.rules.kpl102_empty_dimension import EmptyDimension
from kerasparam_lint.rules.kpl103_input_rank import InputRank
from kerasparam_lint.rules.kpl104_reshape_size import ReshapeSize
from kerasparam_lint.rules.kpl105_reused_layer_size import ReusedLayerSize
from kerasparam_lint.rules.kpl106_disconnected_graph import DisconnectedGraph
from kerasparam_lint.rules.kpl107_attention_inputs import AttentionInputs
from kerasparam_lint.rules.kpl111_features_input import FeaturesInput
from kerasparam_lint.rules.kpl112_labels_output import LabelsOutput
from kerasparam_lint.rules.kpl113_predict_one_sample import PredictOneSample
from kerasparam_lint.rules.kpl201_stated_kernel_size import StatedKernelSize
from kerasparam_lint.rules.kpl202_stated_output_shape import StatedOutputShape
from kerasparam_lint.rules.kpl203_stated_parameter_count import StatedParameterCount
from kerasparam_lint.rules.kpl204_stated_layer_setting import StatedLayerSetting
from kerasparam_lint.rules.kpl205_stated_table import StatedTable
from kerasparam_lint.rules.kpl301_shape_not_tuple import ShapeNotTuple
from kerasparam_lint.rules.kpl302_model_legacy_keywords import ModelLegacyKeywords
from kerasparam_lint.rules.kpl303_unknown_keyword import UnknownKeyword
from kerasparam_lint.rules.kpl304_invalid_argument_value import InvalidArgumentValue
from kerasparam_lint.rules.kpl305_keras1_positional import Keras1Positional
from kerasparam_lint.rules.kpl306_fit_nb_epoch import FitNbEpoch
from kerasparam_lint.rules.kpl307_optimizer_lr import OptimizerLr
from kerasparam_lint.rules.kpl308_generator_methods import GeneratorMethods
from kerasparam_lint.rules.kpl309_predict_classes import PredictClasses
from kerasparam_lint.rules.kpl310_removed_module import RemovedModule
from kerasparam_lint.rules.kpl311_image_dim_ordering import ImageDimOrdering
from kerasparam_lint.rules.kpl401_dense_keeps_positions import DenseKeepsPositions
from kerasparam_lint.rules.kpl402_output_size_rounded import OutputSizeRounded
from kerasparam_lint.rules.kpl403_reconstruction_shape import ReconstructionShape
from kerasparam_lint.rules.kpl404_per_position_predictions import PerPositionPredictions
from kerasparam_lint.rules.kpl491_parameter_budget import ParameterBudget

RULES: tuple[type[Rule], ...] = (
    SyntaxErrorInFile,
    InternalError,
    MergeShapes,
    EmptyDimension,
    InputRank,
    ReshapeSize,
    ReusedLayerSize,
    DisconnectedGraph,
    AttentionInputs,
    FeaturesInput,
    LabelsOutput,
    PredictOneSample,
    StatedKernelSize,
    StatedOutputShape,
    StatedParameterCount,
    StatedLayerSetting,
    StatedTable,
    ShapeNotTuple,
    ModelLegacyKeywords,
    UnknownKeyword,
    InvalidArgumentValue,
    Keras1Positional,
    FitNbEpoch,
    OptimizerLr,
    GeneratorMethods,
    PredictClasses,
    RemovedModule,
    ImageDimOrdering,
    DenseKeepsPositions,
    OutputSizeRounded,
    ReconstructionShape,
    PerPositionPredictions,
    ParameterBudget,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.CODE: rule for rule in RULES}
