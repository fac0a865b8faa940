"""The project a run reads: its modules, what each exports and imports (read with Python's ``ast``,
never with LibCST, until the analysis asks for a module's code), and where an import leads."""
