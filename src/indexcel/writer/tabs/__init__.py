"""One module per kind of tab, as a reader of the report sees them: the guide
(Läshänvisning), the summary (Sammanfattning), a tab per board, a tab per goal, and the table
of all indicators (Alla indikatorer). Each writes its tab from the plan through the context."""
