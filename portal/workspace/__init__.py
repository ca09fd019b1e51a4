"""What the professional area and the managers' dashboard share: who is signed in and
with which role, which plans each role may see (`auth`), the names people read for the
record's codes (`labels`), and the helpers both areas' views use (`common`).

Blueprints never import each other (an import-linter contract in the suite); anything
two of them need lives here or below the web layer (`portal.records`).
"""
