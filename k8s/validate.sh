#!/usr/bin/env bash
# Renders k8s/overlays/* with kustomize and validates every manifest (see validate/validate.mjs);
# then checks that deliberately broken copies are refused. Needs Node.js and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/validate"
npm ci --no-audit --no-fund --loglevel=error
node validate.mjs
