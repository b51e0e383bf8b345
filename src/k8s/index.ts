/** k8s: what kubeward knows of Kubernetes itself: kinds and their scope, where workloads keep pods and containers. */
export * from './kinds.js';
export * from './pods.js';
export * from './labels.js';
