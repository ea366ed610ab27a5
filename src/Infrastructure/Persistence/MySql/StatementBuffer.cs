using System.Buffers;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>A growable byte buffer rented from the shared pool, holding one statement being built.</summary>
internal sealed class StatementBuffer : IDisposable
{
    private byte[] _buffer;

    public StatementBuffer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    /// <summary>The underlying array; valid up to <see cref="Length"/> until the next write.</summary>
    public byte[] Array => _buffer;

    public Span<byte> GetSpan(int sizeHint)
    {
        if (_buffer.Length - Length < sizeHint)
        {
            Grow(sizeHint);
        }

        return _buffer.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Length++;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int sizeHint)
    {
        var required = (long)Length + sizeHint;
        var size = Math.Max(required, (long)_buffer.Length * 2);
        if (size > System.Array.MaxLength)
        {
            size = required <= System.Array.MaxLength
                ? System.Array.MaxLength
                : throw new InvalidOperationException("The statement is larger than 2 GiB.");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)size);
        _buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
