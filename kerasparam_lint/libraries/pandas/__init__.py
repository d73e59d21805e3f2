"""pandas: tables read from files, their named rows and the columns the file names."""
