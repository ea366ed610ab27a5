namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// A value fed by integer and/or floating measurements. Integers stay exact (and render without a decimal point)
/// unless a floating measurement has been seen.
/// </summary>
internal sealed class NumericCell
{
    private long _integer;
    private double _floating;
    private int _hasFloating;

    public void Add(long value) => Interlocked.Add(ref _integer, value);

    public void Add(double value)
    {
        AtomicDouble.Add(ref _floating, value);
        Volatile.Write(ref _hasFloating, 1);
    }

    public void Set(long value)
    {
        Volatile.Write(ref _hasFloating, 0);
        Interlocked.Exchange(ref _integer, value);
    }

    public void Set(double value)
    {
        Interlocked.Exchange(ref _integer, 0);
        Interlocked.Exchange(ref _floating, value);
        Volatile.Write(ref _hasFloating, 1);
    }

    public string Format()
    {
        var integer = Interlocked.Read(ref _integer);
        return Volatile.Read(ref _hasFloating) == 0
            ? PrometheusText.FormatLong(integer)
            : PrometheusText.FormatDouble(integer + Volatile.Read(ref _floating));
    }
}
