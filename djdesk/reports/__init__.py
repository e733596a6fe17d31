"""Printed documents (PDF, ReportLab) built from the services' dataclasses: no Qt, no Session."""
