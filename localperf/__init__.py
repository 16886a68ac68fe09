"""localperf: England's Local Performance Framework, 2008–2011."""
