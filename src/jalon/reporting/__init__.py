"""Portfolio, programme and project report packs as PDF, PowerPoint and Excel, generated in the
task queue, and their scheduled distribution (docs/reporting.md)."""
