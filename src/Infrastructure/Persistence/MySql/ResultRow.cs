namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>One row of a buffered result: the bytes of all its cells in one array, with (offset, length) per cell and
/// a length of -1 for NULL.</summary>
internal readonly struct ResultRow(byte[] data, int[] cells)
{
    public bool IsNull(int ordinal) => cells[(2 * ordinal) + 1] < 0;

    public ReadOnlySpan<byte> GetSpan(int ordinal) => data.AsSpan(cells[2 * ordinal], Math.Max(0, cells[(2 * ordinal) + 1]));

    public ReadOnlyMemory<byte> GetMemory(int ordinal) => data.AsMemory(cells[2 * ordinal], Math.Max(0, cells[(2 * ordinal) + 1]));
}
