"""Pure-Python libraries from PyPI: Markdown and PyYAML's own (pure-Python) safe loader. Both hold
the GIL throughout."""

import markdown
import yaml

_MARKDOWN = "\n\n".join(
    f"## Section {i}\n\nSome *emphasis*, a [link](https://example.com/{i}) and `code`.\n\n"
    f"- item one\n- item two with **bold**\n- item three\n\n> a quote {i}"
    for i in range(40)
)

_YAML = "\n".join(
    f"entry{i}:\n  name: item {i}\n  tags: [a, b, c]\n  size: {i * 3}\n  nested: {{x: 1, y: 2}}"
    for i in range(120)
)


def render(times: int) -> int:
    """Renders a 40-section document to HTML `times` times."""
    return sum(len(markdown.markdown(_MARKDOWN)) for _ in range(times))


def parse_yaml(times: int) -> int:
    """Parses a 120-entry YAML document with the pure-Python safe loader `times` times."""
    return sum(len(yaml.safe_load(_YAML)) for _ in range(times))
