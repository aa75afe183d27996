"""Why a k-nearest-neighbour model answered as it did: all k training pictures that voted, and the votes per class.

The window shows this beside a test picture; the counts and the winner follow the classifier's own vote rule
(``knn.vote``: ties go to the class whose voters are nearer in sum), so what is shown is what was counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from desktop_app.core.classifiers.knn import vote
from desktop_app.core.modelfile.model_file import Neighbour


@dataclass(frozen=True)
class NeighbourVote:
    path: str  # the picture asked about
    neighbours: list[Neighbour]  # all k voters, nearest first
    counts: list[tuple[str, int]]  # (class, voters), the winner first, then by voters
    winner: str
    weighted: bool  # nearer voters count more (the "distance" weighting)

    @property
    def k(self) -> int:
        return len(self.neighbours)


def neighbour_vote(model, path: str | Path, device=None) -> NeighbourVote:
    """The model's k voters for the picture at ``path`` (``model.keeps_training_pictures`` only)."""
    classifier = model.classifier
    neighbours = model.nearest_training_pictures(path, int(classifier.k), device)
    weighting = getattr(classifier, "weighting", "majority")
    return vote_of(str(path), neighbours, model.class_names, weighting)


def vote_of(path: str, neighbours: list[Neighbour], class_names: list[str], weighting: str) -> NeighbourVote:
    index = {name: i for i, name in enumerate(class_names)}
    labels = torch.tensor([[index[n.class_name] for n in neighbours]], dtype=torch.int64)
    distances = torch.tensor([[n.distance for n in neighbours]], dtype=torch.float32)
    winner = class_names[int(vote(labels, distances, len(class_names), weighting)[1][0])] if neighbours else ""
    voters: dict[str, int] = {}
    nearest: dict[str, float] = {}
    for n in neighbours:
        voters[n.class_name] = voters.get(n.class_name, 0) + 1
        nearest.setdefault(n.class_name, n.distance)
    counts = sorted(voters.items(), key=lambda item: (item[0] != winner, -item[1], nearest[item[0]]))
    return NeighbourVote(path, list(neighbours), counts, winner, weighting == "distance")
