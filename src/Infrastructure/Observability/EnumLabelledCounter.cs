using System.Collections.Frozen;
using System.Text;
using Prometheus;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// A counter with one label whose values are the members of <typeparamref name="TEnum"/>. Every series is created
/// up front, so each shows 0 from the first scrape: <c>rate()</c> and alerts need a series before its first event.
/// </summary>
internal sealed class EnumLabelledCounter<TEnum>
    where TEnum : struct, Enum
{
    private readonly FrozenDictionary<TEnum, Counter.Child> _series;

    /// <param name="labelValue">The label value of a member; by default its name in snake_case (<c>RetryOk</c> → <c>retry_ok</c>).</param>
    public EnumLabelledCounter(IMetricFactory factory, string name, string help, string labelName, Func<TEnum, string>? labelValue = null)
    {
        var counter = factory.CreateCounter(name, help, [labelName]);
        labelValue ??= SnakeCase;
        _series = Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => counter.WithLabels(labelValue(v)));
    }

    /// <summary>Adds <paramref name="count"/> to the member's series; zero and negative counts change nothing.</summary>
    public void Add(TEnum value, long count = 1)
    {
        if (count > 0)
        {
            _series[value].Inc(count);
        }
    }

    internal static string SnakeCase(TEnum value)
    {
        var name = value.ToString();
        var label = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]))
            {
                if (i > 0)
                {
                    label.Append('_');
                }

                label.Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                label.Append(name[i]);
            }
        }

        return label.ToString();
    }
}
