"""What Keras 3 serves, module by module, as installed when these tables were written (Keras 3.15.1,
TensorFlow 2.21): the public names of each module the Keras 3 rules judge. Static on purpose: the
analyzer never imports TensorFlow. ``tests/test_keras3_breaks.py`` holds the tables against the
installed Keras and imports every name a rule writes.

``tensorflow.keras.preprocessing.*`` is listed apart: under Keras 3 it is the one public path that
still serves ``ImageDataGenerator``, ``Tokenizer`` and ``TimeseriesGenerator`` (Keras 3's own
``keras.preprocessing`` does not).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

KERAS_VERSION = "3.15.1"


def _names(text: str) -> FrozenSet[str]:
    return frozenset(text.split())


SERVED: Dict[str, FrozenSet[str]] = {
    "keras.layers": _names("""
        Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
        AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add
        AdditiveAttention AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D AveragePooling2D
        AveragePooling3D AvgPool1D AvgPool2D AvgPool3D BatchNormalization Bidirectional CategoryEncoding
        CenterCrop Concatenate ContrastLimitedAdaptiveHistogramEqualization Conv1D Conv1DTranspose Conv2D
        Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D Convolution1D
        Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D Convolution3DTranspose
        Cropping1D Cropping2D Cropping3D CutMix Dense DepthwiseConv1D DepthwiseConv2D Discretization Dot
        Dropout ELU EinsumDense Embedding Equalization Flatten FlaxLayer GRU GRUCell GaussianDropout
        GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D
        GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D
        GlobalMaxPooling2D GlobalMaxPooling3D GroupNormalization GroupQueryAttention HashedCrossing Hashing
        Identity Input InputLayer InputSpec IntegerLookup JaxLayer LSTM LSTMCell Lambda Layer
        LayerNormalization LeakyReLU Masking MaxNumBoundingBoxes MaxPool1D MaxPool2D MaxPool3D MaxPooling1D
        MaxPooling2D MaxPooling3D Maximum MelSpectrogram Minimum MixUp MultiHeadAttention Multiply
        Normalization PReLU Permute Pipeline RMSNormalization RNN RandAugment RandomBrightness
        RandomColorDegeneration RandomColorJitter RandomContrast RandomCrop RandomElasticTransform
        RandomErasing RandomFlip RandomGaussianBlur RandomGrayscale RandomHue RandomInvert RandomPerspective
        RandomPosterization RandomRotation RandomSaturation RandomSharpness RandomShear RandomTranslation
        RandomZoom ReLU RepeatVector Rescaling Reshape Resizing ReversibleEmbedding STFTSpectrogram
        SeparableConv1D SeparableConv2D SeparableConvolution1D SeparableConvolution2D SimpleRNN SimpleRNNCell
        Softmax Solarization SpatialDropout1D SpatialDropout2D SpatialDropout3D SpectralNormalization
        StackedRNNCells StringLookup Subtract TFSMLayer TextVectorization TimeDistributed TorchModuleWrapper
        UnitNormalization UpSampling1D UpSampling2D UpSampling3D Wrapper ZeroPadding1D ZeroPadding2D
        ZeroPadding3D add average concatenate deserialize dot maximum minimum multiply serialize subtract
    """),
    "keras.utils": _names("""
        Config CustomObjectScope FeatureSpace Progbar PyDataset Sequence array_to_img
        audio_dataset_from_directory bounding_boxes clear_session custom_object_scope deserialize_keras_object
        disable_interactive_logging enable_interactive_logging get_custom_objects get_file get_registered_name
        get_registered_object get_source_inputs image_dataset_from_directory img_to_array
        is_interactive_logging_enabled is_keras_tensor legacy load_img model_to_dot normalize
        pack_x_y_sample_weight pad_sequences plot_model register_keras_serializable save_img
        serialize_keras_object set_random_seed split_dataset standardize_dtype text_dataset_from_directory
        timeseries_dataset_from_array to_categorical unpack_x_y_sample_weight
    """),
    "keras.optimizers": _names("""
        Adadelta Adafactor Adagrad Adam AdamW Adamax Ftrl Lamb Lion LossScaleOptimizer MultiOptimizer Muon
        Nadam Optimizer OptimizerMap RMSprop SGD ScheduleFreeAdamW deserialize get legacy schedules serialize
    """),
    "keras.optimizers.schedules": _names("""
        CosineDecay CosineDecayRestarts ExponentialDecay InverseTimeDecay LearningRateSchedule
        PiecewiseConstantDecay PolynomialDecay deserialize serialize
    """),
    "keras.wrappers": _names("""
        SKLearnClassifier SKLearnRegressor SKLearnTransformer
    """),
    "keras.backend": _names("""
        backend clear_session epsilon floatx get_uid image_data_format is_float_dtype is_int_dtype
        is_keras_tensor result_type set_epsilon set_floatx set_image_data_format standardize_dtype
    """),
    "keras.models": _names("""
        Model Sequential clone_model load_model model_from_json save_model
    """),
    "keras.losses": _names("""
        BinaryCrossentropy BinaryFocalCrossentropy CTC CategoricalCrossentropy CategoricalFocalCrossentropy
        CategoricalGeneralizedCrossEntropy CategoricalHinge Circle CosineSimilarity Dice Hinge Huber
        KLDivergence LogCosh Loss MeanAbsoluteError MeanAbsolutePercentageError MeanSquaredError
        MeanSquaredLogarithmicError Poisson SparseCategoricalCrossentropy SquaredHinge Tversky
        binary_crossentropy binary_focal_crossentropy categorical_crossentropy categorical_focal_crossentropy
        categorical_generalized_cross_entropy categorical_hinge circle cosine_similarity ctc deserialize dice
        get hinge huber kl_divergence log_cosh mean_absolute_error mean_absolute_percentage_error
        mean_squared_error mean_squared_logarithmic_error poisson serialize sparse_categorical_crossentropy
        squared_hinge tversky
    """),
    "keras.metrics": _names("""
        AUC Accuracy BinaryAccuracy BinaryCrossentropy BinaryIoU CategoricalAccuracy CategoricalCrossentropy
        CategoricalHinge ConcordanceCorrelation CosineSimilarity F1Score FBetaScore FalseNegatives
        FalsePositives Hinge IoU KLDivergence LogCoshError Mean MeanAbsoluteError MeanAbsolutePercentageError
        MeanIoU MeanMetricWrapper MeanSquaredError MeanSquaredLogarithmicError Metric OneHotIoU OneHotMeanIoU
        PearsonCorrelation Poisson Precision PrecisionAtRecall R2Score Recall RecallAtPrecision
        RootMeanSquaredError SensitivityAtSpecificity SparseCategoricalAccuracy SparseCategoricalCrossentropy
        SparseTopKCategoricalAccuracy SpecificityAtSensitivity SquaredHinge Sum TopKCategoricalAccuracy
        TrueNegatives TruePositives binary_accuracy binary_crossentropy binary_focal_crossentropy
        categorical_accuracy categorical_crossentropy categorical_focal_crossentropy categorical_hinge
        concordance_correlation deserialize get hinge huber kl_divergence log_cosh mean_absolute_error
        mean_absolute_percentage_error mean_squared_error mean_squared_logarithmic_error pearson_correlation
        poisson serialize sparse_categorical_accuracy sparse_categorical_crossentropy
        sparse_top_k_categorical_accuracy squared_hinge top_k_categorical_accuracy
    """),
    "keras.callbacks": _names("""
        BackupAndRestore CSVLogger Callback CallbackList EarlyStopping History LambdaCallback
        LearningRateScheduler ModelCheckpoint OrbaxCheckpoint ProgbarLogger ReduceLROnPlateau RemoteMonitor
        SwapEMAWeights TensorBoard TerminateOnNaN
    """),
    "keras.regularizers": _names("""
        L1 L1L2 L2 OrthogonalRegularizer Regularizer deserialize get l1 l1_l2 l2 orthogonal_regularizer
        serialize
    """),
    "keras.preprocessing": _names("""
        image image_dataset_from_directory sequence text_dataset_from_directory timeseries_dataset_from_array
    """),
    "keras.preprocessing.image": _names("""
        array_to_img img_to_array load_img save_img smart_resize
    """),
    "keras.preprocessing.sequence": _names("""
        pad_sequences
    """),
    "tensorflow.keras.preprocessing.image": _names("""
        DirectoryIterator ImageDataGenerator Iterator NumpyArrayIterator apply_affine_transform
        apply_brightness_shift apply_channel_shift array_to_img img_to_array load_img random_brightness
        random_channel_shift random_rotation random_shear random_shift random_zoom save_img smart_resize
    """),
    "tensorflow.keras.preprocessing.sequence": _names("""
        TimeseriesGenerator make_sampling_table pad_sequences skipgrams
    """),
    "tensorflow.keras.preprocessing.text": _names("""
        Tokenizer hashing_trick one_hot text_to_word_sequence tokenizer_from_json
    """),
    # Keras 3's tf.keras namespace serves the legacy backend functions (keras/src/legacy/backend.py, ported
    # from tf.keras 2's, TensorFlow ops on TensorFlow tensors): `from tensorflow.keras import backend as K` keeps
    # K.sum, K.int_shape, ... where `from keras import backend as K` loses them.
    "tensorflow.keras.backend": _names("""
        abs all any arange argmax argmin backend batch_dot batch_flatten batch_get_value batch_normalization
        batch_set_value bias_add binary_crossentropy binary_focal_crossentropy cast cast_to_floatx
        categorical_crossentropy categorical_focal_crossentropy clear_session clip concatenate constant conv1d
        conv2d conv2d_transpose conv3d cos count_params ctc_batch_cost ctc_decode ctc_label_dense_to_sparse
        cumprod cumsum depthwise_conv2d dot dropout dtype elu epsilon equal eval exp expand_dims eye flatten
        floatx foldl foldr gather get_uid get_value gradients greater greater_equal hard_sigmoid
        image_data_format in_top_k int_shape is_float_dtype is_int_dtype is_keras_tensor is_sparse l2_normalize
        less less_equal log map_fn max maximum mean min minimum moving_average_update name_scope ndim
        not_equal one_hot ones ones_like permute_dimensions pool2d pool3d pow prod random_bernoulli
        random_normal random_normal_variable random_uniform random_uniform_variable relu repeat
        repeat_elements reshape resize_images resize_volumes result_type reverse rnn round separable_conv2d
        set_epsilon set_floatx set_image_data_format set_value shape sigmoid sign sin softmax softplus softsign
        standardize_dtype
        sparse_categorical_crossentropy spatial_2d_padding spatial_3d_padding sqrt square squeeze stack std
        stop_gradient sum switch tanh temporal_padding tile to_dense transpose truncated_normal update
        update_add update_sub var variable zeros zeros_like
    """),
    "keras.ops": _names("""
        abs absolute adaptive_average_pool adaptive_max_pool add all allclose amax amin angle any append
        arange arccos arccosh arcsin arcsinh arctan arctan2 arctanh argmax argmin argpartition argsort array
        array_split associative_scan average average_pool bartlett batch_normalization binary_crossentropy
        bincount bitwise_and bitwise_invert bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift
        bitwise_xor blackman broadcast_to cast categorical_crossentropy cbrt cdist ceil celu cholesky
        cholesky_inverse clip concatenate cond conj conjugate conv conv_transpose convert_to_numpy
        convert_to_tensor copy corrcoef correlate cos cosh count_nonzero cross ctc_decode ctc_loss cumprod
        cumsum custom_gradient deg2rad depth_to_space depthwise_conv det diag diagflat diagonal diff digitize
        divide divide_no_nan dot dot_product_attention dsplit dstack dtype eig eigh einsum elu empty
        empty_like equal erf erfc erfinv exp exp2 expand_dims expm1 extract_sequences eye fabs fft fft2 flip
        fliplr flipud floor floor_divide fmax fmin fmod fold fori_loop full full_like gcd gelu geomspace
        get_item glu greater greater_equal hamming hanning hard_shrink hard_sigmoid hard_silu hard_swish
        hard_tanh heaviside histogram hsplit hstack hypot i0 identity ifft2 imag image in_top_k inner inv
        irfft is_tensor isclose isfinite isin isinf isnan isneginf isposinf isreal istft jvp kaiser kron
        layer_normalization lcm ldexp leaky_relu left_shift less less_equal linalg linspace log log10 log1p
        log2 log_sigmoid log_softmax logaddexp logaddexp2 logdet logical_and logical_not logical_or
        logical_xor logspace logsumexp lstsq lu_factor map matmul matrix_rank max max_pool maximum mean median
        meshgrid min minimum mod moments moveaxis multi_hot multiply nan_to_num nanargmax nanargmin nancumprod
        nancumsum nanmax nanmean nanmedian nanmin nanpercentile nanprod nanquantile nanstd nansum nanvar ndim
        negative nextafter nn nonzero norm normalize not_equal numpy one_hot ones ones_like outer pad
        percentile pinv polar power prod psnr ptp qr quantile rad2deg ravel real rearrange reciprocal relu
        relu6 repeat reshape rfft right_shift rms_normalization roll rot90 round rsqrt saturate_cast scan
        scatter scatter_update searchsorted segment_max segment_min segment_prod segment_sum select selu
        separable_conv shape sigmoid sign signbit silu sin sinc sinh size slice slice_update slogdet
        soft_shrink softmax softplus softsign solve solve_triangular sort space_to_depth
        sparse_categorical_crossentropy sparse_plus sparse_sigmoid sparsemax split sqrt square squareplus
        squeeze stack std stft stop_gradient subtract sum svd swapaxes swish switch take take_along_axis tan
        tanh tanh_shrink tensordot threshold tile top_k trace transpose trapezoid tri tril triu true_divide
        trunc unfold unique unravel_index unstack vander var vdot vectorize vectorized_map view
        view_as_complex view_as_real vsplit vstack where while_loop zeros zeros_like
    """),
}
# Keras 3's tf.keras namespace (keras/_tf_keras) serves keras.layers and three legacy layers more:
# `tf.keras.layers.ThresholdedReLU` still imports where `keras.layers.ThresholdedReLU` does not.
SERVED["tensorflow.keras.layers"] = SERVED["keras.layers"] | _names("RandomHeight RandomWidth ThresholdedReLU")

# The constructors the fixes write, as Keras 3.15.1 declares them: the parameters a positional
# argument binds to, in order, and the keywords taken besides (read from **kwargs: ``implementation``,
# ``input_length``; every layer's: ``LAYER_KEYWORDS``). Checked against the installed Keras by the tests.
LAYER_KEYWORDS = frozenset("activity_regularizer trainable dtype autocast name input_dim input_shape".split())
_CONV = ("filters kernel_size strides padding data_format dilation_rate groups activation use_bias kernel_initializer "
         "bias_initializer kernel_regularizer bias_regularizer activity_regularizer kernel_constraint bias_constraint")
_RNN = ("units activation recurrent_activation use_bias kernel_initializer recurrent_initializer bias_initializer "
        "{forget}kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer kernel_constraint "
        "recurrent_constraint bias_constraint dropout recurrent_dropout seed return_sequences return_state go_backwards "
        "stateful unroll {after}use_cudnn")
_OPTIMIZER = ("weight_decay clipnorm clipvalue global_clipnorm use_ema ema_momentum ema_overwrite_frequency "
              "loss_scale_factor gradient_accumulation_steps name")
_SIGNATURES: Dict[str, Tuple[str, str]] = {
    "keras.layers.Dense": ("units activation use_bias kernel_initializer bias_initializer kernel_regularizer "
                           "bias_regularizer activity_regularizer kernel_constraint bias_constraint lora_rank lora_alpha "
                           "quantization_config", ""),
    "keras.layers.Dropout": ("rate noise_shape seed", ""),
    "keras.layers.SpatialDropout1D": ("rate seed name dtype", ""),
    "keras.layers.SpatialDropout2D": ("rate data_format seed name dtype", ""),
    "keras.layers.SpatialDropout3D": ("rate data_format seed name dtype", ""),
    "keras.layers.GaussianDropout": ("rate seed", ""),
    "keras.layers.GaussianNoise": ("stddev seed", ""),
    "keras.layers.Embedding": ("input_dim output_dim embeddings_initializer embeddings_regularizer "
                               "embeddings_constraint mask_zero weights lora_rank lora_alpha quantization_config",
                               "input_length"),
    **{f"keras.layers.{name}": ("pool_size strides padding data_format name", "")
       for name in ("MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D", "MaxPooling3D",
                    "AveragePooling3D")},
    **{f"keras.layers.{name}": ("data_format keepdims", "")
       for name in ("GlobalMaxPooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling3D")},
    "keras.layers.UpSampling1D": ("size", ""),
    "keras.layers.UpSampling2D": ("size data_format interpolation", ""),
    "keras.layers.UpSampling3D": ("size data_format", ""),
    "keras.layers.ZeroPadding2D": ("padding data_format", ""),
    "keras.layers.ZeroPadding3D": ("padding data_format", ""),
    "keras.layers.Cropping2D": ("cropping data_format", ""),
    "keras.layers.Cropping3D": ("cropping data_format", ""),
    "keras.layers.PReLU": ("alpha_initializer alpha_regularizer alpha_constraint shared_axes", ""),
    "keras.layers.LSTM": (_RNN.format(forget="unit_forget_bias ", after=""), "implementation"),
    "keras.layers.GRU": (_RNN.format(forget="", after="reset_after "), "implementation"),
    "keras.layers.SimpleRNN": ("units activation use_bias kernel_initializer recurrent_initializer bias_initializer "
                               "kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer "
                               "kernel_constraint recurrent_constraint bias_constraint dropout recurrent_dropout "
                               "return_sequences return_state go_backwards stateful unroll seed", ""),
    "keras.layers.Conv1D": (_CONV, ""),
    "keras.layers.Conv2D": (_CONV, ""),
    "keras.layers.Conv3D": (_CONV, ""),
    "keras.layers.Conv2DTranspose": ("filters kernel_size strides padding output_padding data_format dilation_rate "
                                     "activation use_bias kernel_initializer bias_initializer kernel_regularizer "
                                     "bias_regularizer activity_regularizer kernel_constraint bias_constraint", ""),
    "keras.layers.Conv3DTranspose": ("filters kernel_size strides padding data_format output_padding dilation_rate "
                                     "activation use_bias kernel_initializer bias_initializer kernel_regularizer "
                                     "bias_regularizer activity_regularizer kernel_constraint bias_constraint", ""),
    "keras.layers.SeparableConv2D": ("filters kernel_size strides padding data_format dilation_rate depth_multiplier "
                                     "activation use_bias depthwise_initializer pointwise_initializer bias_initializer "
                                     "depthwise_regularizer pointwise_regularizer bias_regularizer activity_regularizer "
                                     "depthwise_constraint pointwise_constraint bias_constraint", ""),
    "keras.layers.ConvLSTM2D": ("filters kernel_size strides padding data_format dilation_rate activation "
                                "recurrent_activation use_bias kernel_initializer recurrent_initializer bias_initializer "
                                "unit_forget_bias kernel_regularizer recurrent_regularizer bias_regularizer "
                                "activity_regularizer kernel_constraint recurrent_constraint bias_constraint dropout "
                                "recurrent_dropout seed return_sequences return_state go_backwards stateful", ""),
    "keras.layers.BatchNormalization": ("axis momentum epsilon center scale beta_initializer gamma_initializer "
                                        "moving_mean_initializer moving_variance_initializer beta_regularizer "
                                        "gamma_regularizer beta_constraint gamma_constraint renorm renorm_clipping "
                                        "renorm_momentum synchronized", ""),
    "keras.optimizers.SGD": ("learning_rate momentum nesterov " + _OPTIMIZER, ""),
    "keras.optimizers.RMSprop": ("learning_rate rho momentum epsilon centered " + _OPTIMIZER, ""),
    "keras.optimizers.Adagrad": ("learning_rate initial_accumulator_value epsilon " + _OPTIMIZER, ""),
    "keras.optimizers.Adadelta": ("learning_rate rho epsilon " + _OPTIMIZER, ""),
    "keras.optimizers.Adam": ("learning_rate beta_1 beta_2 epsilon amsgrad " + _OPTIMIZER, ""),
    "keras.optimizers.Adamax": ("learning_rate beta_1 beta_2 epsilon " + _OPTIMIZER, ""),
    "keras.optimizers.Nadam": ("learning_rate beta_1 beta_2 epsilon " + _OPTIMIZER, ""),
    "keras.callbacks.ModelCheckpoint": ("filepath monitor verbose save_best_only save_weights_only mode save_freq "
                                        "initial_value_threshold", ""),
    "keras.callbacks.EarlyStopping": ("monitor min_delta patience verbose mode baseline restore_best_weights "
                                      "start_from_epoch", ""),
    # Its **kwargs are taken and ignored: epsilon= is silently dropped.
    "keras.callbacks.ReduceLROnPlateau": ("monitor factor patience verbose mode min_delta cooldown min_lr", ""),
    "keras.callbacks.TensorBoard": ("log_dir histogram_freq write_graph write_images write_steps_per_second "
                                    "update_freq profile_batch embeddings_freq embeddings_metadata", ""),
    "keras.callbacks.CSVLogger": ("filename separator append", ""),
    "keras.callbacks.LearningRateScheduler": ("schedule verbose", ""),
}
SIGNATURES: Dict[str, Tuple[Tuple[str, ...], FrozenSet[str]]] = {
    path: (tuple(positional.split()),
           frozenset(keywords.split()) | (LAYER_KEYWORDS if path.startswith("keras.layers.") else frozenset()))
    for path, (positional, keywords) in _SIGNATURES.items()}


# The keras.ops functions the backend fixes write (FM425), as Keras 3.15.1 declares them: their parameters in
# order (all positional-or-keyword). Checked against the installed Keras by the tests.
OPS_SIGNATURES: Dict[str, Tuple[str, ...]] = {f"keras.ops.{name}": tuple(params.split()) for name, params in {
    "sum": "x axis keepdims", "mean": "x axis keepdims", "max": "x axis keepdims initial",
    "min": "x axis keepdims initial", "abs": "x", "square": "x", "exp": "x", "log": "x", "tanh": "x", "sigmoid": "x",
    "power": "x1 x2", "maximum": "x1 x2", "minimum": "x1 x2", "equal": "x1 x2", "not_equal": "x1 x2",
    "greater": "x1 x2", "greater_equal": "x1 x2", "less": "x1 x2", "less_equal": "x1 x2", "softmax": "x axis",
    "cast": "x dtype", "reshape": "x newshape", "expand_dims": "x axis", "squeeze": "x axis", "stack": "x axis",
    "concatenate": "xs axis", "transpose": "x axes", "ones_like": "x dtype", "zeros_like": "x dtype",
    "arange": "start stop step dtype",
}.items()}
