"""Connected groups of a graph given as two arrays of edge ends, without a Python loop per node.

Rules group things by chains of links (claims of one event, articles of one source). A
much-reported agreement links thousands of claims and a wire story thousands of articles, so
the groups are found by hooking and pointer jumping over integer arrays (numpy), not by a
union-find in Python.
"""

from __future__ import annotations

import numpy as np

__all__ = ["smallest_in_group"]


def smallest_in_group(size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For nodes `0 .. size-1` joined by the edges `a[i] -- b[i]`: each node's group, as the
    smallest node number in it.

    Every node points at a smaller or equal node of its group; roots point at themselves.
    Each round points every node at its root (pointer jumping), then hooks the root of each
    edge's larger end under the smaller root; it ends when every edge's ends share a root. A
    group's smallest node can never point lower, so it is the group's root. An edge whose ends
    share a root stays so, and is dropped: a long chain takes many rounds, each on fewer edges.
    """
    label = np.arange(size)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    while True:
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        root_a, root_b = label[a], label[b]
        apart = root_a != root_b
        if not apart.any():
            return label
        a, b, root_a, root_b = a[apart], b[apart], root_a[apart], root_b[apart]
        low = np.minimum(root_a, root_b)
        np.minimum.at(label, root_a, low)
        np.minimum.at(label, root_b, low)
