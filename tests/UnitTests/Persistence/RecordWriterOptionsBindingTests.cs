using Microsoft.Extensions.Configuration;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.Infrastructure.Persistence.Records;

namespace Recorder.UnitTests.Persistence;

/// <summary>The insert method as operators write it in configuration.</summary>
public class RecordWriterOptionsBindingTests
{
    [Theory]
    [InlineData("LoadData", BulkInsertMethod.LoadData)]
    [InlineData("BulkCopy", BulkInsertMethod.LoadData)]
    [InlineData("MultiRowInsert", BulkInsertMethod.MultiRowInsert)]
    public void The_method_binds_by_its_name_and_the_former_name_still_means_load_data(string configured, BulkInsertMethod expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:InsertMethod"] = configured })
            .Build();

        var options = configuration.GetSection("Persistence").Get<RecordWriterOptions>()!;

        Assert.Equal(expected, options.InsertMethod);
    }

    [Theory]
    [InlineData(BulkInsertMethod.LoadData, "LoadData")]
    [InlineData(BulkInsertMethod.MultiRowInsert, "MultiRowInsert")]
    public void Spans_and_reports_name_the_method_by_its_current_name(BulkInsertMethod method, string name) =>
        Assert.Equal(name, method.Name());

    [Fact]
    public void Load_data_is_the_default() => Assert.Equal(BulkInsertMethod.LoadData, new RecordWriterOptions().InsertMethod);
}
