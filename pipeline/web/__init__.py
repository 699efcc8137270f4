"""The local web app for staff (`kaigiroku serve`): search, meetings and theme dashboards."""
