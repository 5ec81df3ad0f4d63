"""alliance-kg: a knowledge graph of AI-industry alliances.

Who holds which rights over whom, until when, under what conditions.
"""

__version__ = "0.1.0"
