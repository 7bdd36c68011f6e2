"""aic-dash: the dashboard of the Accélérateur d'initiatives citoyennes."""
