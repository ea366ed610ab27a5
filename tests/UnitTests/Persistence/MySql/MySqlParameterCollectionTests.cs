using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class MySqlParameterCollectionTests
{
    [Fact]
    public void Names_match_with_or_without_prefix_and_case_insensitively()
    {
        var parameters = new MySqlParameterCollection();
        parameters.AddWithValue("@UserId", "u1");

        Assert.True(parameters.TryGetValue("userid", out var value));
        Assert.Equal("u1", value);
        Assert.Equal(0, parameters.IndexOf("UserId"));
        Assert.Equal(0, parameters.IndexOf("?userid"));
    }

    [Fact]
    public void Renaming_a_parameter_updates_the_lookup()
    {
        var parameters = new MySqlParameterCollection();
        var parameter = parameters.AddWithValue("@a", 1);
        Assert.True(parameters.TryGetValue("a", out _));

        parameter.ParameterName = "@b";

        Assert.False(parameters.TryGetValue("a", out _));
        Assert.True(parameters.TryGetValue("b", out _));
    }

    [Fact]
    public void A_parameter_belongs_to_one_collection()
    {
        var parameter = new MySqlParameter("@a", 1);
        new MySqlParameterCollection().Add(parameter);

        Assert.Throws<ArgumentException>(() => new MySqlParameterCollection().Add(parameter));
    }

    [Fact]
    public void Removal_releases_the_parameter()
    {
        var parameters = new MySqlParameterCollection();
        var parameter = parameters.AddWithValue("@a", 1);

        Assert.True(parameters.Remove(parameter));
        Assert.False(parameters.TryGetValue("a", out _));
        new MySqlParameterCollection().Add(parameter);
    }

    [Fact]
    public void Only_input_direction_is_supported()
    {
        var parameter = new MySqlParameter();

        Assert.Throws<NotSupportedException>(() => parameter.Direction = System.Data.ParameterDirection.Output);
    }
}
