"""The claims API's serializers, by topic: ``claim``, ``investigation``, ``steps``, ``plan``.
Callers import from the module that holds a serializer."""
