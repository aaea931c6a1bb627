"""The executives' cockpit: portfolio health and its trend, what needs them, the milestone
roadmap by programme, the latest pack."""
