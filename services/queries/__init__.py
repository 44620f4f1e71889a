"""What the services pages, API and figures read, scoped to the user (villages.queries.scoped)."""
