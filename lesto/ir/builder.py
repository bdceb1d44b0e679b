"""IRBuilder: append operations to blocks, make new blocks and temporaries. No language semantics."""
from __future__ import annotations

from lesto.ir.nodes import Block, Function, Loc, Op, Var


class IRBuilder:
    """Builds one Function. `block` is where the next op goes (None after a terminator)."""

    def __init__(self, fn: Function) -> None:
        self.fn = fn
        self.block: Block | None = None
        self._temps = 0
        self._labels = 0
        self.handler: Block | None = None   # the handler of the blocks made now (a try body)

    def new_block(self, hint: str = "b") -> Block:
        self._labels += 1
        block = Block(f"{hint}{self._labels}", handler=self.handler)
        self.fn.blocks.append(block)
        return block

    def position_at(self, block: Block) -> None:
        self.block = block

    def temp(self, hint: str = "t") -> Var:
        self._temps += 1
        return Var(f"${hint}{self._temps}")

    @property
    def terminated(self) -> bool:
        return self.block is None or self.block.terminator is not None

    def add(self, op: Op) -> Op:
        """Append `op`; ops after a terminator (dead code) are dropped."""
        if self.terminated:
            return op
        assert self.block is not None
        self.block.ops.append(op)
        return op

    def goto(self, target: Block, loc: Loc) -> None:
        """Terminate the current block with a jump to `target` (if not already terminated)."""
        from lesto.ir.nodes import Jump

        if not self.terminated:
            self.add(Jump(loc, target))
