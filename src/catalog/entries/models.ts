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
      'scikit-learn, NumPy and SciPy (about 270 MB installed, CPU only).',
    python: ['joblib==1.6.0', 'numpy==2.4.6', 'scikit-learn==1.9.1', 'scipy==1.17.1'],
    imports: ['sklearn'],
    untypedModules: ['sklearn'],
    // A call costs about 250 rows' worth (measured on a Pipeline: 500 µs of input checks and set-up,
    // then 2 µs a row). 1,024 rows (2.7 ms) let ten 100-row requests share a call: at c=64 that cut
    // CPU per request from 1.46-1.64 to 0.91-1.38 ms against 256; 2,048 and 4,096 gained no more.
    batchMaxSize: 1024,
  },
  {
    id: 'xgboost',
    category: 'model',
    label: 'XGBoost',
    explanation:
      'Gradient-boosted trees in XGBoost\'s own JSON format, not a pickle: loading it runs no ' +
      'code, and the digest beside it is checked all the same. Rows are checked against the ' +
      'feature names the model keeps. The example boosts trees on the Iris data shipped with the ' +
      'project. Adds XGBoost, NumPy and SciPy (about 235 MB installed); on Linux the CPU-only ' +
      'xgboost-cpu build, without the 700 MB of CUDA libraries that the GPU build pulls in.',
    python: ['numpy==2.4.6', 'scipy==1.17.1', 'xgboost-cpu==3.2.0; sys_platform == "linux"', 'xgboost==3.2.0; sys_platform != "linux"'],
    imports: ['xgboost'],
    modelFile: 'model.json',
    // A call costs about 100 rows' worth (250-480 µs, then 2-4 µs a row, on one thread): 512 rows
    // (about 1.2 ms) let five 100-row requests share a call. At c=64 that took 1,141-1,350 req/s to
    // 1,918-2,114 (CPU 1.45-1.72 -> 0.91-1.01 ms a request) against 128; 1,024 was no better.
    batchMaxSize: 512,
  },
  {
    id: 'lightgbm',
    category: 'model',
    label: 'LightGBM',
    explanation:
      'Gradient-boosted trees in LightGBM\'s own text format, not a pickle: loading it runs no ' +
      'code, and the digest beside it is checked all the same. Rows are checked against the ' +
      'feature names the model keeps. The example trains on the Iris data shipped with the ' +
      'project. Adds LightGBM, NumPy and SciPy (about 230 MB installed, CPU only).',
    python: ['lightgbm==4.7.0', 'numpy==2.4.6', 'scipy==1.17.1'],
    // LightGBM's wheel links the system's OpenMP runtime, which slim images lack.
    debianPackages: ['libgomp1'],
    modelFile: 'model.txt',
    batchMaxSize: 32,
  },
  {
    id: 'onnx',
    category: 'model',
    label: 'ONNX Runtime',
    explanation:
      'Any classifier exported to ONNX, served by ONNX Runtime on CPU: one runtime for models ' +
      'from many training libraries, and a file that holds a graph, not code. Rows are checked ' +
      'against the input the graph declares. The example exports a scikit-learn pipeline with ' +
      'skl2onnx; those two are needed only to train (requirements-train.txt), so the image holds ' +
      'just ONNX Runtime and NumPy (about 155 MB installed).',
    python: ['numpy==2.4.6', 'onnxruntime==1.32.0'],
    trainingPython: ['onnx==1.23.2', 'scikit-learn==1.9.1', 'scipy==1.17.1', 'skl2onnx==1.20.0'],
    imports: ['sklearn'],
    untypedModules: ['onnxruntime', 'skl2onnx', 'sklearn'],
    modelFile: 'model.onnx',
  },
  {
    id: 'pytorch',
    category: 'model',
    // torch alone takes about 300 MB per worker once imported.
    apiMemoryMi: 1536,
    label: 'PyTorch',
    explanation:
      'A state dict with its module class (in model.py), loaded with weights_only, so the file ' +
      'cannot run code. The example trains a small network on the Iris data shipped with the ' +
      'project. Heavy: PyPI\'s Linux wheel of PyTorch bundles CUDA, about 5 GB installed even on ' +
      'a machine without a GPU; PyTorch\'s CPU-only wheels, several times smaller, come from ' +
      'its own package index, as the README explains.',
    python: ['numpy==2.4.6', 'torch==2.15.0'],
    modelFile: 'model.pt',
  },
  {
    id: 'keras',
    category: 'model',
    // TensorFlow takes about 400 MB per worker once imported.
    apiMemoryMi: 1536,
    label: 'TensorFlow / Keras',
    explanation:
      'A model in the native Keras format (.keras), loaded in safe mode, so the file cannot ' +
      'run code. The example trains a small network on the Iris data shipped with the project. ' +
      'TensorFlow is heavy: about 1.6 GB installed (the CPU-only tensorflow-cpu build on Linux ' +
      'x86-64), and several seconds to import in every worker.',
    python: [
      'keras==3.15.1',
      'numpy==2.4.6',
      'tensorflow-cpu==2.21.0; sys_platform == "linux" and platform_machine == "x86_64"',
      'tensorflow==2.21.0; sys_platform != "linux" or platform_machine != "x86_64"',
    ],
    imports: ['tensorflow'],
    untypedModules: ['keras'],
    modelFile: 'model.keras',
  },
];
