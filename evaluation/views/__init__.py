"""The jury's pages: scoring and shortlisting (jury), site visits (visits), and the
deliberation, decision and motivation (decision)."""
