"""The 会议日历 tab: a month grid and a year's list of meetings, with their actions."""
