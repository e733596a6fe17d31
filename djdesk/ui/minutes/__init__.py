"""The 会议记录 tab: a year's meeting records, their editor and a live preview of the printed page."""
