namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>One series of one instrument, as collected for a scrape.</summary>
internal readonly record struct SeriesEntry(LabelSet Labels, InstrumentAggregator Owner, object State);
