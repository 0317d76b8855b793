"""An epoch's random draws, made by bpnn.randomness in the textbook's sequence, as arrays.

The textbook draws, per epoch, the processing order (epoch_order), then per pattern in that
order its dropout masks (dropout_masks, when dropout > 0). draw_epochs makes the very same calls
on the network's own random.Random, for several epochs ahead, and hands the numbers to the
compiled training loop as arrays.
"""
import numpy as np

from bpnn.randomness import dropout_masks, epoch_order


def draw_epochs(rng, epochs: int, n_patterns: int, shuffle: bool, hidden_sizes: list[int], dropout: float,
                last_epoch_patterns: int | None = None):
    """(orders: epochs x n_patterns, masks: epochs x n_patterns x sum(hidden_sizes)).

    With last_epoch_patterns, the last epoch draws the masks of only that many patterns: where
    the textbook stopped, when its training diverged in the middle of an epoch.
    """
    hidden_width = sum(hidden_sizes) if dropout > 0.0 else 0
    orders = np.empty((epochs, n_patterns), dtype=np.int64)
    masks = np.zeros((epochs, n_patterns, hidden_width))
    for epoch in range(epochs):
        orders[epoch] = epoch_order(rng, n_patterns, shuffle)
        if dropout > 0.0:
            patterns = n_patterns if last_epoch_patterns is None or epoch < epochs - 1 else last_epoch_patterns
            drawn = [keep for _ in range(patterns) for layer in dropout_masks(rng, hidden_sizes, dropout)
                     for keep in layer]
            masks[epoch, :patterns] = np.array(drawn, dtype=np.float64).reshape(patterns, hidden_width)
    return orders, masks


def draws_anything(shuffle: bool, hidden_sizes: list[int], dropout: float) -> bool:
    """Whether an epoch takes numbers from the generator (shuffling, or dropout with hidden nodes)."""
    return shuffle or (dropout > 0.0 and sum(hidden_sizes) > 0)
