"""gongfu-kg: a knowledge graph of Zhejiang's common-prosperity (共同富裕) practice cases.

The package mirrors the data flow: ``read`` → ``segment`` → ``normalize`` → ``extract`` → ``rdf`` →
``store`` → ``query`` / ``analysis`` / ``report``. The CLI (``kg.cli``) is a thin shell over these.
"""

__version__ = "0.1.0"
