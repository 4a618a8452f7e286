namespace Siprec.Cluster.Tests;

public sealed class RedisConnectionStringTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,password=secret,ssl=true", "127.0.0.1:6379,password=secret,ssl=true")]
    [InlineData("redis://127.0.0.1:7000", "127.0.0.1:7000")]
    [InlineData("redis://localhost", "localhost:6379")]
    [InlineData("redis://:p%40ss@127.0.0.1:7000/2", "127.0.0.1:7000,password=p@ss,defaultDatabase=2")]
    [InlineData("redis://user:pw@127.0.0.1:7000", "127.0.0.1:7000,user=user,password=pw")]
    [InlineData("rediss://127.0.0.1:7000", "127.0.0.1:7000,ssl=true")]
    public void TurnsUrlsIntoTheClientForm(string value, string expected) =>
        Assert.Equal(expected, RedisConnectionString.Normalize(value));

    [Theory]
    [InlineData("redis://127.0.0.1:7000/db")]
    [InlineData("redis://")]
    public void RejectsMalformedUrls(string value) =>
        Assert.Throws<FormatException>(() => RedisConnectionString.Normalize(value));
}
