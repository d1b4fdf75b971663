"""Data files of graphkit: the ontology, SHACL shapes, lexicons, rules and saved queries (installed as ``graphkit.ontologies``)."""
