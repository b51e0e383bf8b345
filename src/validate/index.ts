/** validate: the schema rule, objects against the Kubernetes schemas of a version and the repository's CRDs. */

export { assertKnownKubernetesVersion, createSchemaCheck, LATEST_KUBERNETES_VERSION, SCHEMA_RULE_ID } from './validate.js';
export { KUBERNETES_VERSIONS } from './schema-store.js';
