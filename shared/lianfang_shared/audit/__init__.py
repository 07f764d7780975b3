"""Audit and replay: history, tamper evidence, projection rebuilds and exports for every service.

``chain``/``checkpoint``/``verify`` make each service's event log tamper-evident;
``history``/``timeline`` answer what happened and what stood at a time; ``replay`` rebuilds
read models; ``export`` writes JSON Lines and XLSX; ``routes`` and ``cli`` are the edges.
"""

from lianfang_shared.audit.chain import TABLES as _CHAIN
from lianfang_shared.audit.checkpoint import TABLES as _CHECKPOINTS

# The audit tables of a service's schema, beside (never inside) its events table.
TABLES = _CHAIN + _CHECKPOINTS
