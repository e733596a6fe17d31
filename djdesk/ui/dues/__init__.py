"""The 党费 tab: the month's collection, the year's table, arrears, bases and reliefs, extra payments."""
