"""The 学习 tab (党建+学习): the term's study plan, learning records, totals and study groups."""
