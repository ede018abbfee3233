namespace SolWatch.Storage.Tests;
