"""The awards app's views, one module per audience and task (see ARCHITECTURE.md):
base (shared mixins), public, entries, writing, answers, manage, people, questionnaire,
outbox, publication and record."""
