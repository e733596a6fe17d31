"""The 师德考核 tab."""
