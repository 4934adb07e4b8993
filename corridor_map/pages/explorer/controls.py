"""Labelled form controls shared by the explorer's sections (filters, analytics, matching)."""

from __future__ import annotations

from dash import dcc, html


def labelled(label: str, control_id: str, control, class_name: str = "mb-3") -> html.Div:
    """``control`` under a ``<label>`` tied to it by ``control_id``.

    The label has the id ``<control_id>-label``: assets/a11y.js names a dropdown's trigger
    button by it (Dash names that button by its value alone).
    """
    return html.Div(
        [
            html.Label(
                label,
                htmlFor=control_id,
                id=f"{control_id}-label",
                className="form-label fw-semibold mb-1",
            ),
            control,
        ],
        className=class_name,
    )


def switch(
    label: str,
    control_id: str,
    options: list[dict],
    value: str,
    class_name: str = "mb-2",
    style: dict | None = None,
) -> html.Div:
    """A labelled single-choice dropdown that always has a value (a mode switch)."""
    dropdown = dcc.Dropdown(
        options,
        value,
        id=control_id,
        clearable=False,
        searchable=False,
        **({"style": style} if style else {}),
    )
    return labelled(label, control_id, dropdown, class_name)
