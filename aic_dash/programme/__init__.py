"""What the programme itself defines: the application form on démarches-simplifiées, the public laureates."""
