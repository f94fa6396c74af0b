#!/usr/bin/env bash
# Renders k8s/overlays/* with kustomize and validates every manifest against the Kubernetes API,
# the CloudNativePG v1.30.0 CRDs (k8s/crd) and the prometheus-operator models (see validate/validate.mjs);
# then checks that deliberately broken copies are refused. Needs Node.js and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/validate"
npm ci --no-audit --no-fund --loglevel=error
node validate.mjs
