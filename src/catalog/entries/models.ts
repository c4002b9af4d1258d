import type { Component } from '../types.js';

export const models: Component[] = [
  {
    id: 'generic',
    category: 'model',
    label: 'Generic pickle',
    explanation:
      'Any Python object that can be pickled. You implement predict (and load_model if your ' +
      'file is not a pickle). The example model needs no ML library at all. Unpickling runs ' +
      'code, so the service only loads a model whose SHA-256 matches the digest written beside it.',
  },
  {
    id: 'sklearn',
    category: 'model',
    label: 'scikit-learn',
    explanation:
      'A scikit-learn estimator or Pipeline, persisted with pickle and guarded by its SHA-256 ' +
      'digest. Inputs are validated for shape and type before predicting. The example trains a ' +
      'scaler + logistic regression on the Iris data that ships with scikit-learn. Adds ' +
      'scikit-learn, NumPy and SciPy (about 120 MB installed, CPU only).',
    python: ['joblib==1.6.0', 'numpy==2.4.6', 'scikit-learn==1.9.1', 'scipy==1.17.1'],
    imports: ['sklearn'],
  },
  {
    id: 'xgboost',
    category: 'model',
    label: 'XGBoost',
    explanation:
      'Gradient-boosted trees saved in XGBoost\'s own JSON/UBJ format rather than a pickle. ' +
      'Fast CPU inference; GPU builds are optional.',
  },
  {
    id: 'lightgbm',
    category: 'model',
    label: 'LightGBM',
    explanation: 'Gradient-boosted trees saved as a LightGBM text model. Small and fast on CPU.',
  },
  {
    id: 'onnx',
    category: 'model',
    label: 'ONNX Runtime',
    explanation:
      'Any model exported to ONNX, served by ONNX Runtime on CPU: one runtime for models from ' +
      'many training libraries.',
  },
  {
    id: 'pytorch',
    category: 'model',
    label: 'PyTorch',
    explanation:
      'A TorchScript module or a state dict with its module class. The CPU wheel alone is a ' +
      'large download; a GPU image is larger still.',
  },
  {
    id: 'keras',
    category: 'model',
    label: 'TensorFlow / Keras',
    explanation:
      'A model in the native Keras format. TensorFlow is the heaviest runtime here (hundreds of ' +
      'MB) and slow to import.',
  },
];
