Feature: Engine limits never change results
  However long a text or a list, every backend stores and finds exactly what the reference does.
  The engines have limits of their own: a PostgreSQL btree index entry holds at most about 2.7 KB,
  SQLite binds at most 32,766 parameters and PostgreSQL 65,535, SQLite nests an expression at
  most 1,000 deep, a DynamoDB key holds at most 2 KB. None of them may refuse a write or a query
  that the reference accepts, and `index` never changes whether a write succeeds.

  The marker <1..1000> is the numbers 1 to 1000 written out, comma-separated ("1,2,…,1000"): in
  a text field about 3.9 KB of text that does not compress, in an __in row a list of 1,000 values.

  Rule: Long text in unique constraints and indexes is stored and enforced

    Background:
      Given the following Passages exist:
        | id | text      | source    | edition | heading   |
        | 1  | <1..1000> | <1..1000> | 1       | <1..1000> |

    Scenario: A long unique text that is taken is refused
      When I try to create a Passage with:
        | id      | 2         |
        | text    | <1..1000> |
        | source  | elsewhere |
        | edition | 2         |
      Then it fails with a DuplicateKeyError
      And the clashing field is "text"
      And there is 1 Passage

    Scenario: Long texts that differ are accepted, in every unique and indexed field
      When I create a Passage with:
        | id      | 2         |
        | text    | <1..1001> |
        | source  | <1..1000> |
        | edition | 1         |
        | heading | <2..1000> |
      Then there are 2 Passages
      And the Passage "2" exists with:
        | text    | <1..1001> |
        | heading | <2..1000> |

    Scenario: A long text taken in a composite unique constraint is refused
      When I try to create a Passage with:
        | id      | 2         |
        | text    | other     |
        | source  | elsewhere |
        | edition | 1         |
        | heading | <1..1000> |
      Then it fails with a DuplicateKeyError
      And the clashing fields are "edition, heading"

    Scenario: The same long text in another edition is not a clash
      When I create a Passage with:
        | id      | 2         |
        | text    | other     |
        | source  | elsewhere |
        | edition | 2         |
        | heading | <1..1000> |
      Then there are 2 Passages where:
        | heading | <1..1000> |

    Scenario: A long indexed text is stored and found, also when many records share it
      When I create a Passage with:
        | id      | 2         |
        | text    | second    |
        | source  | <1..5000> |
        | edition | 1         |
      And I create a Passage with:
        | id      | 3         |
        | text    | third     |
        | source  | <1..5000> |
        | edition | 1         |
      Then the Passage "2" exists with:
        | source | <1..5000> |
      And the database has a Passage record with:
        | id     | 3         |
        | source | <1..5000> |
      When I query Passages with:
        | source   | <1..5000> |
        | order by | -id       |
      Then the results are:
        | id | text   |
        | 3  | third  |
        | 2  | second |

    Scenario: A long unique text can be changed to another long text, not to a taken one
      Given a Passage exists with:
        | id      | 2         |
        | text    | <2..1000> |
        | source  | elsewhere |
        | edition | 2         |
      When I update the Passage "1" with:
        | text | <3..1000> |
      And I try to update the Passage "2" with:
        | text | <3..1000> |
      Then it fails with a DuplicateKeyError
      And the clashing field is "text"
      When I upsert a Passage with:
        | id      | 2         |
        | text    | <1..1000> |
        | source  | <1..1000> |
        | edition | 2         |
      Then the Passage "2" exists with:
        | text | <1..1000> |

  Rule: An __in list may be longer than any engine's parameter limit

    Background:
      Given the following Products exist:
        | sku   | code    | title | price | category |
        | 5     | AAA-005 | Five  | 1.0   | book     |
        | 40000 | AAA-400 | Forty | 1.0   | music    |
        | 70001 | AAA-701 | Over  | 1.0   | film     |

    Scenario: A list of 70,000 integers finds exactly the records in it
      When I query Products with:
        | sku__in | <1..70000> |
      Then the results are:
        | sku   | title |
        | 5     | Five  |
        | 40000 | Forty |
      And there are 2 Products where:
        | sku__in | <1..70000> |
      And a Product exists where:
        | sku__in | <70001..70001> |

    Scenario: Excluding a list of 70,000 integers keeps the records outside it
      When I query Products with:
        | exclude sku__in | <1..70000> |
      Then the results are:
        | sku   | title |
        | 70001 | Over  |

    Scenario: A list of 70,000 strings finds exactly the records in it
      Given the following Users exist:
        | id    | email             | name  |
        | 7     | seven@example.com | Seven |
        | 69999 | many@example.com  | Many  |
        | x7    | x7@example.com    | Other |
      When I query Users with:
        | id__in | <1..70000> |
      Then the results are:
        | id    | name  |
        | 69999 | Many  |
        | 7     | Seven |

  Rule: A query may have very many exclusions

    Scenario: 1,200 exclusions (one row each) keep exactly the records none of them matches
      Given the following Products exist:
        | sku  | code    | title   | price | category |
        | 5    | AAA-005 | Five    | 1.0   | book     |
        | 1200 | AAA-120 | Last    | 1.0   | music    |
        | 1201 | AAA-121 | Outside | 1.0   | film     |
      When I query Products with:
      | exclude sku | 1    |
      | exclude sku | 2    |
      | exclude sku | 3    |
      | exclude sku | 4    |
      | exclude sku | 5    |
      | exclude sku | 6    |
      | exclude sku | 7    |
      | exclude sku | 8    |
      | exclude sku | 9    |
      | exclude sku | 10   |
      | exclude sku | 11   |
      | exclude sku | 12   |
      | exclude sku | 13   |
      | exclude sku | 14   |
      | exclude sku | 15   |
      | exclude sku | 16   |
      | exclude sku | 17   |
      | exclude sku | 18   |
      | exclude sku | 19   |
      | exclude sku | 20   |
      | exclude sku | 21   |
      | exclude sku | 22   |
      | exclude sku | 23   |
      | exclude sku | 24   |
      | exclude sku | 25   |
      | exclude sku | 26   |
      | exclude sku | 27   |
      | exclude sku | 28   |
      | exclude sku | 29   |
      | exclude sku | 30   |
      | exclude sku | 31   |
      | exclude sku | 32   |
      | exclude sku | 33   |
      | exclude sku | 34   |
      | exclude sku | 35   |
      | exclude sku | 36   |
      | exclude sku | 37   |
      | exclude sku | 38   |
      | exclude sku | 39   |
      | exclude sku | 40   |
      | exclude sku | 41   |
      | exclude sku | 42   |
      | exclude sku | 43   |
      | exclude sku | 44   |
      | exclude sku | 45   |
      | exclude sku | 46   |
      | exclude sku | 47   |
      | exclude sku | 48   |
      | exclude sku | 49   |
      | exclude sku | 50   |
      | exclude sku | 51   |
      | exclude sku | 52   |
      | exclude sku | 53   |
      | exclude sku | 54   |
      | exclude sku | 55   |
      | exclude sku | 56   |
      | exclude sku | 57   |
      | exclude sku | 58   |
      | exclude sku | 59   |
      | exclude sku | 60   |
      | exclude sku | 61   |
      | exclude sku | 62   |
      | exclude sku | 63   |
      | exclude sku | 64   |
      | exclude sku | 65   |
      | exclude sku | 66   |
      | exclude sku | 67   |
      | exclude sku | 68   |
      | exclude sku | 69   |
      | exclude sku | 70   |
      | exclude sku | 71   |
      | exclude sku | 72   |
      | exclude sku | 73   |
      | exclude sku | 74   |
      | exclude sku | 75   |
      | exclude sku | 76   |
      | exclude sku | 77   |
      | exclude sku | 78   |
      | exclude sku | 79   |
      | exclude sku | 80   |
      | exclude sku | 81   |
      | exclude sku | 82   |
      | exclude sku | 83   |
      | exclude sku | 84   |
      | exclude sku | 85   |
      | exclude sku | 86   |
      | exclude sku | 87   |
      | exclude sku | 88   |
      | exclude sku | 89   |
      | exclude sku | 90   |
      | exclude sku | 91   |
      | exclude sku | 92   |
      | exclude sku | 93   |
      | exclude sku | 94   |
      | exclude sku | 95   |
      | exclude sku | 96   |
      | exclude sku | 97   |
      | exclude sku | 98   |
      | exclude sku | 99   |
      | exclude sku | 100  |
      | exclude sku | 101  |
      | exclude sku | 102  |
      | exclude sku | 103  |
      | exclude sku | 104  |
      | exclude sku | 105  |
      | exclude sku | 106  |
      | exclude sku | 107  |
      | exclude sku | 108  |
      | exclude sku | 109  |
      | exclude sku | 110  |
      | exclude sku | 111  |
      | exclude sku | 112  |
      | exclude sku | 113  |
      | exclude sku | 114  |
      | exclude sku | 115  |
      | exclude sku | 116  |
      | exclude sku | 117  |
      | exclude sku | 118  |
      | exclude sku | 119  |
      | exclude sku | 120  |
      | exclude sku | 121  |
      | exclude sku | 122  |
      | exclude sku | 123  |
      | exclude sku | 124  |
      | exclude sku | 125  |
      | exclude sku | 126  |
      | exclude sku | 127  |
      | exclude sku | 128  |
      | exclude sku | 129  |
      | exclude sku | 130  |
      | exclude sku | 131  |
      | exclude sku | 132  |
      | exclude sku | 133  |
      | exclude sku | 134  |
      | exclude sku | 135  |
      | exclude sku | 136  |
      | exclude sku | 137  |
      | exclude sku | 138  |
      | exclude sku | 139  |
      | exclude sku | 140  |
      | exclude sku | 141  |
      | exclude sku | 142  |
      | exclude sku | 143  |
      | exclude sku | 144  |
      | exclude sku | 145  |
      | exclude sku | 146  |
      | exclude sku | 147  |
      | exclude sku | 148  |
      | exclude sku | 149  |
      | exclude sku | 150  |
      | exclude sku | 151  |
      | exclude sku | 152  |
      | exclude sku | 153  |
      | exclude sku | 154  |
      | exclude sku | 155  |
      | exclude sku | 156  |
      | exclude sku | 157  |
      | exclude sku | 158  |
      | exclude sku | 159  |
      | exclude sku | 160  |
      | exclude sku | 161  |
      | exclude sku | 162  |
      | exclude sku | 163  |
      | exclude sku | 164  |
      | exclude sku | 165  |
      | exclude sku | 166  |
      | exclude sku | 167  |
      | exclude sku | 168  |
      | exclude sku | 169  |
      | exclude sku | 170  |
      | exclude sku | 171  |
      | exclude sku | 172  |
      | exclude sku | 173  |
      | exclude sku | 174  |
      | exclude sku | 175  |
      | exclude sku | 176  |
      | exclude sku | 177  |
      | exclude sku | 178  |
      | exclude sku | 179  |
      | exclude sku | 180  |
      | exclude sku | 181  |
      | exclude sku | 182  |
      | exclude sku | 183  |
      | exclude sku | 184  |
      | exclude sku | 185  |
      | exclude sku | 186  |
      | exclude sku | 187  |
      | exclude sku | 188  |
      | exclude sku | 189  |
      | exclude sku | 190  |
      | exclude sku | 191  |
      | exclude sku | 192  |
      | exclude sku | 193  |
      | exclude sku | 194  |
      | exclude sku | 195  |
      | exclude sku | 196  |
      | exclude sku | 197  |
      | exclude sku | 198  |
      | exclude sku | 199  |
      | exclude sku | 200  |
      | exclude sku | 201  |
      | exclude sku | 202  |
      | exclude sku | 203  |
      | exclude sku | 204  |
      | exclude sku | 205  |
      | exclude sku | 206  |
      | exclude sku | 207  |
      | exclude sku | 208  |
      | exclude sku | 209  |
      | exclude sku | 210  |
      | exclude sku | 211  |
      | exclude sku | 212  |
      | exclude sku | 213  |
      | exclude sku | 214  |
      | exclude sku | 215  |
      | exclude sku | 216  |
      | exclude sku | 217  |
      | exclude sku | 218  |
      | exclude sku | 219  |
      | exclude sku | 220  |
      | exclude sku | 221  |
      | exclude sku | 222  |
      | exclude sku | 223  |
      | exclude sku | 224  |
      | exclude sku | 225  |
      | exclude sku | 226  |
      | exclude sku | 227  |
      | exclude sku | 228  |
      | exclude sku | 229  |
      | exclude sku | 230  |
      | exclude sku | 231  |
      | exclude sku | 232  |
      | exclude sku | 233  |
      | exclude sku | 234  |
      | exclude sku | 235  |
      | exclude sku | 236  |
      | exclude sku | 237  |
      | exclude sku | 238  |
      | exclude sku | 239  |
      | exclude sku | 240  |
      | exclude sku | 241  |
      | exclude sku | 242  |
      | exclude sku | 243  |
      | exclude sku | 244  |
      | exclude sku | 245  |
      | exclude sku | 246  |
      | exclude sku | 247  |
      | exclude sku | 248  |
      | exclude sku | 249  |
      | exclude sku | 250  |
      | exclude sku | 251  |
      | exclude sku | 252  |
      | exclude sku | 253  |
      | exclude sku | 254  |
      | exclude sku | 255  |
      | exclude sku | 256  |
      | exclude sku | 257  |
      | exclude sku | 258  |
      | exclude sku | 259  |
      | exclude sku | 260  |
      | exclude sku | 261  |
      | exclude sku | 262  |
      | exclude sku | 263  |
      | exclude sku | 264  |
      | exclude sku | 265  |
      | exclude sku | 266  |
      | exclude sku | 267  |
      | exclude sku | 268  |
      | exclude sku | 269  |
      | exclude sku | 270  |
      | exclude sku | 271  |
      | exclude sku | 272  |
      | exclude sku | 273  |
      | exclude sku | 274  |
      | exclude sku | 275  |
      | exclude sku | 276  |
      | exclude sku | 277  |
      | exclude sku | 278  |
      | exclude sku | 279  |
      | exclude sku | 280  |
      | exclude sku | 281  |
      | exclude sku | 282  |
      | exclude sku | 283  |
      | exclude sku | 284  |
      | exclude sku | 285  |
      | exclude sku | 286  |
      | exclude sku | 287  |
      | exclude sku | 288  |
      | exclude sku | 289  |
      | exclude sku | 290  |
      | exclude sku | 291  |
      | exclude sku | 292  |
      | exclude sku | 293  |
      | exclude sku | 294  |
      | exclude sku | 295  |
      | exclude sku | 296  |
      | exclude sku | 297  |
      | exclude sku | 298  |
      | exclude sku | 299  |
      | exclude sku | 300  |
      | exclude sku | 301  |
      | exclude sku | 302  |
      | exclude sku | 303  |
      | exclude sku | 304  |
      | exclude sku | 305  |
      | exclude sku | 306  |
      | exclude sku | 307  |
      | exclude sku | 308  |
      | exclude sku | 309  |
      | exclude sku | 310  |
      | exclude sku | 311  |
      | exclude sku | 312  |
      | exclude sku | 313  |
      | exclude sku | 314  |
      | exclude sku | 315  |
      | exclude sku | 316  |
      | exclude sku | 317  |
      | exclude sku | 318  |
      | exclude sku | 319  |
      | exclude sku | 320  |
      | exclude sku | 321  |
      | exclude sku | 322  |
      | exclude sku | 323  |
      | exclude sku | 324  |
      | exclude sku | 325  |
      | exclude sku | 326  |
      | exclude sku | 327  |
      | exclude sku | 328  |
      | exclude sku | 329  |
      | exclude sku | 330  |
      | exclude sku | 331  |
      | exclude sku | 332  |
      | exclude sku | 333  |
      | exclude sku | 334  |
      | exclude sku | 335  |
      | exclude sku | 336  |
      | exclude sku | 337  |
      | exclude sku | 338  |
      | exclude sku | 339  |
      | exclude sku | 340  |
      | exclude sku | 341  |
      | exclude sku | 342  |
      | exclude sku | 343  |
      | exclude sku | 344  |
      | exclude sku | 345  |
      | exclude sku | 346  |
      | exclude sku | 347  |
      | exclude sku | 348  |
      | exclude sku | 349  |
      | exclude sku | 350  |
      | exclude sku | 351  |
      | exclude sku | 352  |
      | exclude sku | 353  |
      | exclude sku | 354  |
      | exclude sku | 355  |
      | exclude sku | 356  |
      | exclude sku | 357  |
      | exclude sku | 358  |
      | exclude sku | 359  |
      | exclude sku | 360  |
      | exclude sku | 361  |
      | exclude sku | 362  |
      | exclude sku | 363  |
      | exclude sku | 364  |
      | exclude sku | 365  |
      | exclude sku | 366  |
      | exclude sku | 367  |
      | exclude sku | 368  |
      | exclude sku | 369  |
      | exclude sku | 370  |
      | exclude sku | 371  |
      | exclude sku | 372  |
      | exclude sku | 373  |
      | exclude sku | 374  |
      | exclude sku | 375  |
      | exclude sku | 376  |
      | exclude sku | 377  |
      | exclude sku | 378  |
      | exclude sku | 379  |
      | exclude sku | 380  |
      | exclude sku | 381  |
      | exclude sku | 382  |
      | exclude sku | 383  |
      | exclude sku | 384  |
      | exclude sku | 385  |
      | exclude sku | 386  |
      | exclude sku | 387  |
      | exclude sku | 388  |
      | exclude sku | 389  |
      | exclude sku | 390  |
      | exclude sku | 391  |
      | exclude sku | 392  |
      | exclude sku | 393  |
      | exclude sku | 394  |
      | exclude sku | 395  |
      | exclude sku | 396  |
      | exclude sku | 397  |
      | exclude sku | 398  |
      | exclude sku | 399  |
      | exclude sku | 400  |
      | exclude sku | 401  |
      | exclude sku | 402  |
      | exclude sku | 403  |
      | exclude sku | 404  |
      | exclude sku | 405  |
      | exclude sku | 406  |
      | exclude sku | 407  |
      | exclude sku | 408  |
      | exclude sku | 409  |
      | exclude sku | 410  |
      | exclude sku | 411  |
      | exclude sku | 412  |
      | exclude sku | 413  |
      | exclude sku | 414  |
      | exclude sku | 415  |
      | exclude sku | 416  |
      | exclude sku | 417  |
      | exclude sku | 418  |
      | exclude sku | 419  |
      | exclude sku | 420  |
      | exclude sku | 421  |
      | exclude sku | 422  |
      | exclude sku | 423  |
      | exclude sku | 424  |
      | exclude sku | 425  |
      | exclude sku | 426  |
      | exclude sku | 427  |
      | exclude sku | 428  |
      | exclude sku | 429  |
      | exclude sku | 430  |
      | exclude sku | 431  |
      | exclude sku | 432  |
      | exclude sku | 433  |
      | exclude sku | 434  |
      | exclude sku | 435  |
      | exclude sku | 436  |
      | exclude sku | 437  |
      | exclude sku | 438  |
      | exclude sku | 439  |
      | exclude sku | 440  |
      | exclude sku | 441  |
      | exclude sku | 442  |
      | exclude sku | 443  |
      | exclude sku | 444  |
      | exclude sku | 445  |
      | exclude sku | 446  |
      | exclude sku | 447  |
      | exclude sku | 448  |
      | exclude sku | 449  |
      | exclude sku | 450  |
      | exclude sku | 451  |
      | exclude sku | 452  |
      | exclude sku | 453  |
      | exclude sku | 454  |
      | exclude sku | 455  |
      | exclude sku | 456  |
      | exclude sku | 457  |
      | exclude sku | 458  |
      | exclude sku | 459  |
      | exclude sku | 460  |
      | exclude sku | 461  |
      | exclude sku | 462  |
      | exclude sku | 463  |
      | exclude sku | 464  |
      | exclude sku | 465  |
      | exclude sku | 466  |
      | exclude sku | 467  |
      | exclude sku | 468  |
      | exclude sku | 469  |
      | exclude sku | 470  |
      | exclude sku | 471  |
      | exclude sku | 472  |
      | exclude sku | 473  |
      | exclude sku | 474  |
      | exclude sku | 475  |
      | exclude sku | 476  |
      | exclude sku | 477  |
      | exclude sku | 478  |
      | exclude sku | 479  |
      | exclude sku | 480  |
      | exclude sku | 481  |
      | exclude sku | 482  |
      | exclude sku | 483  |
      | exclude sku | 484  |
      | exclude sku | 485  |
      | exclude sku | 486  |
      | exclude sku | 487  |
      | exclude sku | 488  |
      | exclude sku | 489  |
      | exclude sku | 490  |
      | exclude sku | 491  |
      | exclude sku | 492  |
      | exclude sku | 493  |
      | exclude sku | 494  |
      | exclude sku | 495  |
      | exclude sku | 496  |
      | exclude sku | 497  |
      | exclude sku | 498  |
      | exclude sku | 499  |
      | exclude sku | 500  |
      | exclude sku | 501  |
      | exclude sku | 502  |
      | exclude sku | 503  |
      | exclude sku | 504  |
      | exclude sku | 505  |
      | exclude sku | 506  |
      | exclude sku | 507  |
      | exclude sku | 508  |
      | exclude sku | 509  |
      | exclude sku | 510  |
      | exclude sku | 511  |
      | exclude sku | 512  |
      | exclude sku | 513  |
      | exclude sku | 514  |
      | exclude sku | 515  |
      | exclude sku | 516  |
      | exclude sku | 517  |
      | exclude sku | 518  |
      | exclude sku | 519  |
      | exclude sku | 520  |
      | exclude sku | 521  |
      | exclude sku | 522  |
      | exclude sku | 523  |
      | exclude sku | 524  |
      | exclude sku | 525  |
      | exclude sku | 526  |
      | exclude sku | 527  |
      | exclude sku | 528  |
      | exclude sku | 529  |
      | exclude sku | 530  |
      | exclude sku | 531  |
      | exclude sku | 532  |
      | exclude sku | 533  |
      | exclude sku | 534  |
      | exclude sku | 535  |
      | exclude sku | 536  |
      | exclude sku | 537  |
      | exclude sku | 538  |
      | exclude sku | 539  |
      | exclude sku | 540  |
      | exclude sku | 541  |
      | exclude sku | 542  |
      | exclude sku | 543  |
      | exclude sku | 544  |
      | exclude sku | 545  |
      | exclude sku | 546  |
      | exclude sku | 547  |
      | exclude sku | 548  |
      | exclude sku | 549  |
      | exclude sku | 550  |
      | exclude sku | 551  |
      | exclude sku | 552  |
      | exclude sku | 553  |
      | exclude sku | 554  |
      | exclude sku | 555  |
      | exclude sku | 556  |
      | exclude sku | 557  |
      | exclude sku | 558  |
      | exclude sku | 559  |
      | exclude sku | 560  |
      | exclude sku | 561  |
      | exclude sku | 562  |
      | exclude sku | 563  |
      | exclude sku | 564  |
      | exclude sku | 565  |
      | exclude sku | 566  |
      | exclude sku | 567  |
      | exclude sku | 568  |
      | exclude sku | 569  |
      | exclude sku | 570  |
      | exclude sku | 571  |
      | exclude sku | 572  |
      | exclude sku | 573  |
      | exclude sku | 574  |
      | exclude sku | 575  |
      | exclude sku | 576  |
      | exclude sku | 577  |
      | exclude sku | 578  |
      | exclude sku | 579  |
      | exclude sku | 580  |
      | exclude sku | 581  |
      | exclude sku | 582  |
      | exclude sku | 583  |
      | exclude sku | 584  |
      | exclude sku | 585  |
      | exclude sku | 586  |
      | exclude sku | 587  |
      | exclude sku | 588  |
      | exclude sku | 589  |
      | exclude sku | 590  |
      | exclude sku | 591  |
      | exclude sku | 592  |
      | exclude sku | 593  |
      | exclude sku | 594  |
      | exclude sku | 595  |
      | exclude sku | 596  |
      | exclude sku | 597  |
      | exclude sku | 598  |
      | exclude sku | 599  |
      | exclude sku | 600  |
      | exclude sku | 601  |
      | exclude sku | 602  |
      | exclude sku | 603  |
      | exclude sku | 604  |
      | exclude sku | 605  |
      | exclude sku | 606  |
      | exclude sku | 607  |
      | exclude sku | 608  |
      | exclude sku | 609  |
      | exclude sku | 610  |
      | exclude sku | 611  |
      | exclude sku | 612  |
      | exclude sku | 613  |
      | exclude sku | 614  |
      | exclude sku | 615  |
      | exclude sku | 616  |
      | exclude sku | 617  |
      | exclude sku | 618  |
      | exclude sku | 619  |
      | exclude sku | 620  |
      | exclude sku | 621  |
      | exclude sku | 622  |
      | exclude sku | 623  |
      | exclude sku | 624  |
      | exclude sku | 625  |
      | exclude sku | 626  |
      | exclude sku | 627  |
      | exclude sku | 628  |
      | exclude sku | 629  |
      | exclude sku | 630  |
      | exclude sku | 631  |
      | exclude sku | 632  |
      | exclude sku | 633  |
      | exclude sku | 634  |
      | exclude sku | 635  |
      | exclude sku | 636  |
      | exclude sku | 637  |
      | exclude sku | 638  |
      | exclude sku | 639  |
      | exclude sku | 640  |
      | exclude sku | 641  |
      | exclude sku | 642  |
      | exclude sku | 643  |
      | exclude sku | 644  |
      | exclude sku | 645  |
      | exclude sku | 646  |
      | exclude sku | 647  |
      | exclude sku | 648  |
      | exclude sku | 649  |
      | exclude sku | 650  |
      | exclude sku | 651  |
      | exclude sku | 652  |
      | exclude sku | 653  |
      | exclude sku | 654  |
      | exclude sku | 655  |
      | exclude sku | 656  |
      | exclude sku | 657  |
      | exclude sku | 658  |
      | exclude sku | 659  |
      | exclude sku | 660  |
      | exclude sku | 661  |
      | exclude sku | 662  |
      | exclude sku | 663  |
      | exclude sku | 664  |
      | exclude sku | 665  |
      | exclude sku | 666  |
      | exclude sku | 667  |
      | exclude sku | 668  |
      | exclude sku | 669  |
      | exclude sku | 670  |
      | exclude sku | 671  |
      | exclude sku | 672  |
      | exclude sku | 673  |
      | exclude sku | 674  |
      | exclude sku | 675  |
      | exclude sku | 676  |
      | exclude sku | 677  |
      | exclude sku | 678  |
      | exclude sku | 679  |
      | exclude sku | 680  |
      | exclude sku | 681  |
      | exclude sku | 682  |
      | exclude sku | 683  |
      | exclude sku | 684  |
      | exclude sku | 685  |
      | exclude sku | 686  |
      | exclude sku | 687  |
      | exclude sku | 688  |
      | exclude sku | 689  |
      | exclude sku | 690  |
      | exclude sku | 691  |
      | exclude sku | 692  |
      | exclude sku | 693  |
      | exclude sku | 694  |
      | exclude sku | 695  |
      | exclude sku | 696  |
      | exclude sku | 697  |
      | exclude sku | 698  |
      | exclude sku | 699  |
      | exclude sku | 700  |
      | exclude sku | 701  |
      | exclude sku | 702  |
      | exclude sku | 703  |
      | exclude sku | 704  |
      | exclude sku | 705  |
      | exclude sku | 706  |
      | exclude sku | 707  |
      | exclude sku | 708  |
      | exclude sku | 709  |
      | exclude sku | 710  |
      | exclude sku | 711  |
      | exclude sku | 712  |
      | exclude sku | 713  |
      | exclude sku | 714  |
      | exclude sku | 715  |
      | exclude sku | 716  |
      | exclude sku | 717  |
      | exclude sku | 718  |
      | exclude sku | 719  |
      | exclude sku | 720  |
      | exclude sku | 721  |
      | exclude sku | 722  |
      | exclude sku | 723  |
      | exclude sku | 724  |
      | exclude sku | 725  |
      | exclude sku | 726  |
      | exclude sku | 727  |
      | exclude sku | 728  |
      | exclude sku | 729  |
      | exclude sku | 730  |
      | exclude sku | 731  |
      | exclude sku | 732  |
      | exclude sku | 733  |
      | exclude sku | 734  |
      | exclude sku | 735  |
      | exclude sku | 736  |
      | exclude sku | 737  |
      | exclude sku | 738  |
      | exclude sku | 739  |
      | exclude sku | 740  |
      | exclude sku | 741  |
      | exclude sku | 742  |
      | exclude sku | 743  |
      | exclude sku | 744  |
      | exclude sku | 745  |
      | exclude sku | 746  |
      | exclude sku | 747  |
      | exclude sku | 748  |
      | exclude sku | 749  |
      | exclude sku | 750  |
      | exclude sku | 751  |
      | exclude sku | 752  |
      | exclude sku | 753  |
      | exclude sku | 754  |
      | exclude sku | 755  |
      | exclude sku | 756  |
      | exclude sku | 757  |
      | exclude sku | 758  |
      | exclude sku | 759  |
      | exclude sku | 760  |
      | exclude sku | 761  |
      | exclude sku | 762  |
      | exclude sku | 763  |
      | exclude sku | 764  |
      | exclude sku | 765  |
      | exclude sku | 766  |
      | exclude sku | 767  |
      | exclude sku | 768  |
      | exclude sku | 769  |
      | exclude sku | 770  |
      | exclude sku | 771  |
      | exclude sku | 772  |
      | exclude sku | 773  |
      | exclude sku | 774  |
      | exclude sku | 775  |
      | exclude sku | 776  |
      | exclude sku | 777  |
      | exclude sku | 778  |
      | exclude sku | 779  |
      | exclude sku | 780  |
      | exclude sku | 781  |
      | exclude sku | 782  |
      | exclude sku | 783  |
      | exclude sku | 784  |
      | exclude sku | 785  |
      | exclude sku | 786  |
      | exclude sku | 787  |
      | exclude sku | 788  |
      | exclude sku | 789  |
      | exclude sku | 790  |
      | exclude sku | 791  |
      | exclude sku | 792  |
      | exclude sku | 793  |
      | exclude sku | 794  |
      | exclude sku | 795  |
      | exclude sku | 796  |
      | exclude sku | 797  |
      | exclude sku | 798  |
      | exclude sku | 799  |
      | exclude sku | 800  |
      | exclude sku | 801  |
      | exclude sku | 802  |
      | exclude sku | 803  |
      | exclude sku | 804  |
      | exclude sku | 805  |
      | exclude sku | 806  |
      | exclude sku | 807  |
      | exclude sku | 808  |
      | exclude sku | 809  |
      | exclude sku | 810  |
      | exclude sku | 811  |
      | exclude sku | 812  |
      | exclude sku | 813  |
      | exclude sku | 814  |
      | exclude sku | 815  |
      | exclude sku | 816  |
      | exclude sku | 817  |
      | exclude sku | 818  |
      | exclude sku | 819  |
      | exclude sku | 820  |
      | exclude sku | 821  |
      | exclude sku | 822  |
      | exclude sku | 823  |
      | exclude sku | 824  |
      | exclude sku | 825  |
      | exclude sku | 826  |
      | exclude sku | 827  |
      | exclude sku | 828  |
      | exclude sku | 829  |
      | exclude sku | 830  |
      | exclude sku | 831  |
      | exclude sku | 832  |
      | exclude sku | 833  |
      | exclude sku | 834  |
      | exclude sku | 835  |
      | exclude sku | 836  |
      | exclude sku | 837  |
      | exclude sku | 838  |
      | exclude sku | 839  |
      | exclude sku | 840  |
      | exclude sku | 841  |
      | exclude sku | 842  |
      | exclude sku | 843  |
      | exclude sku | 844  |
      | exclude sku | 845  |
      | exclude sku | 846  |
      | exclude sku | 847  |
      | exclude sku | 848  |
      | exclude sku | 849  |
      | exclude sku | 850  |
      | exclude sku | 851  |
      | exclude sku | 852  |
      | exclude sku | 853  |
      | exclude sku | 854  |
      | exclude sku | 855  |
      | exclude sku | 856  |
      | exclude sku | 857  |
      | exclude sku | 858  |
      | exclude sku | 859  |
      | exclude sku | 860  |
      | exclude sku | 861  |
      | exclude sku | 862  |
      | exclude sku | 863  |
      | exclude sku | 864  |
      | exclude sku | 865  |
      | exclude sku | 866  |
      | exclude sku | 867  |
      | exclude sku | 868  |
      | exclude sku | 869  |
      | exclude sku | 870  |
      | exclude sku | 871  |
      | exclude sku | 872  |
      | exclude sku | 873  |
      | exclude sku | 874  |
      | exclude sku | 875  |
      | exclude sku | 876  |
      | exclude sku | 877  |
      | exclude sku | 878  |
      | exclude sku | 879  |
      | exclude sku | 880  |
      | exclude sku | 881  |
      | exclude sku | 882  |
      | exclude sku | 883  |
      | exclude sku | 884  |
      | exclude sku | 885  |
      | exclude sku | 886  |
      | exclude sku | 887  |
      | exclude sku | 888  |
      | exclude sku | 889  |
      | exclude sku | 890  |
      | exclude sku | 891  |
      | exclude sku | 892  |
      | exclude sku | 893  |
      | exclude sku | 894  |
      | exclude sku | 895  |
      | exclude sku | 896  |
      | exclude sku | 897  |
      | exclude sku | 898  |
      | exclude sku | 899  |
      | exclude sku | 900  |
      | exclude sku | 901  |
      | exclude sku | 902  |
      | exclude sku | 903  |
      | exclude sku | 904  |
      | exclude sku | 905  |
      | exclude sku | 906  |
      | exclude sku | 907  |
      | exclude sku | 908  |
      | exclude sku | 909  |
      | exclude sku | 910  |
      | exclude sku | 911  |
      | exclude sku | 912  |
      | exclude sku | 913  |
      | exclude sku | 914  |
      | exclude sku | 915  |
      | exclude sku | 916  |
      | exclude sku | 917  |
      | exclude sku | 918  |
      | exclude sku | 919  |
      | exclude sku | 920  |
      | exclude sku | 921  |
      | exclude sku | 922  |
      | exclude sku | 923  |
      | exclude sku | 924  |
      | exclude sku | 925  |
      | exclude sku | 926  |
      | exclude sku | 927  |
      | exclude sku | 928  |
      | exclude sku | 929  |
      | exclude sku | 930  |
      | exclude sku | 931  |
      | exclude sku | 932  |
      | exclude sku | 933  |
      | exclude sku | 934  |
      | exclude sku | 935  |
      | exclude sku | 936  |
      | exclude sku | 937  |
      | exclude sku | 938  |
      | exclude sku | 939  |
      | exclude sku | 940  |
      | exclude sku | 941  |
      | exclude sku | 942  |
      | exclude sku | 943  |
      | exclude sku | 944  |
      | exclude sku | 945  |
      | exclude sku | 946  |
      | exclude sku | 947  |
      | exclude sku | 948  |
      | exclude sku | 949  |
      | exclude sku | 950  |
      | exclude sku | 951  |
      | exclude sku | 952  |
      | exclude sku | 953  |
      | exclude sku | 954  |
      | exclude sku | 955  |
      | exclude sku | 956  |
      | exclude sku | 957  |
      | exclude sku | 958  |
      | exclude sku | 959  |
      | exclude sku | 960  |
      | exclude sku | 961  |
      | exclude sku | 962  |
      | exclude sku | 963  |
      | exclude sku | 964  |
      | exclude sku | 965  |
      | exclude sku | 966  |
      | exclude sku | 967  |
      | exclude sku | 968  |
      | exclude sku | 969  |
      | exclude sku | 970  |
      | exclude sku | 971  |
      | exclude sku | 972  |
      | exclude sku | 973  |
      | exclude sku | 974  |
      | exclude sku | 975  |
      | exclude sku | 976  |
      | exclude sku | 977  |
      | exclude sku | 978  |
      | exclude sku | 979  |
      | exclude sku | 980  |
      | exclude sku | 981  |
      | exclude sku | 982  |
      | exclude sku | 983  |
      | exclude sku | 984  |
      | exclude sku | 985  |
      | exclude sku | 986  |
      | exclude sku | 987  |
      | exclude sku | 988  |
      | exclude sku | 989  |
      | exclude sku | 990  |
      | exclude sku | 991  |
      | exclude sku | 992  |
      | exclude sku | 993  |
      | exclude sku | 994  |
      | exclude sku | 995  |
      | exclude sku | 996  |
      | exclude sku | 997  |
      | exclude sku | 998  |
      | exclude sku | 999  |
      | exclude sku | 1000 |
      | exclude sku | 1001 |
      | exclude sku | 1002 |
      | exclude sku | 1003 |
      | exclude sku | 1004 |
      | exclude sku | 1005 |
      | exclude sku | 1006 |
      | exclude sku | 1007 |
      | exclude sku | 1008 |
      | exclude sku | 1009 |
      | exclude sku | 1010 |
      | exclude sku | 1011 |
      | exclude sku | 1012 |
      | exclude sku | 1013 |
      | exclude sku | 1014 |
      | exclude sku | 1015 |
      | exclude sku | 1016 |
      | exclude sku | 1017 |
      | exclude sku | 1018 |
      | exclude sku | 1019 |
      | exclude sku | 1020 |
      | exclude sku | 1021 |
      | exclude sku | 1022 |
      | exclude sku | 1023 |
      | exclude sku | 1024 |
      | exclude sku | 1025 |
      | exclude sku | 1026 |
      | exclude sku | 1027 |
      | exclude sku | 1028 |
      | exclude sku | 1029 |
      | exclude sku | 1030 |
      | exclude sku | 1031 |
      | exclude sku | 1032 |
      | exclude sku | 1033 |
      | exclude sku | 1034 |
      | exclude sku | 1035 |
      | exclude sku | 1036 |
      | exclude sku | 1037 |
      | exclude sku | 1038 |
      | exclude sku | 1039 |
      | exclude sku | 1040 |
      | exclude sku | 1041 |
      | exclude sku | 1042 |
      | exclude sku | 1043 |
      | exclude sku | 1044 |
      | exclude sku | 1045 |
      | exclude sku | 1046 |
      | exclude sku | 1047 |
      | exclude sku | 1048 |
      | exclude sku | 1049 |
      | exclude sku | 1050 |
      | exclude sku | 1051 |
      | exclude sku | 1052 |
      | exclude sku | 1053 |
      | exclude sku | 1054 |
      | exclude sku | 1055 |
      | exclude sku | 1056 |
      | exclude sku | 1057 |
      | exclude sku | 1058 |
      | exclude sku | 1059 |
      | exclude sku | 1060 |
      | exclude sku | 1061 |
      | exclude sku | 1062 |
      | exclude sku | 1063 |
      | exclude sku | 1064 |
      | exclude sku | 1065 |
      | exclude sku | 1066 |
      | exclude sku | 1067 |
      | exclude sku | 1068 |
      | exclude sku | 1069 |
      | exclude sku | 1070 |
      | exclude sku | 1071 |
      | exclude sku | 1072 |
      | exclude sku | 1073 |
      | exclude sku | 1074 |
      | exclude sku | 1075 |
      | exclude sku | 1076 |
      | exclude sku | 1077 |
      | exclude sku | 1078 |
      | exclude sku | 1079 |
      | exclude sku | 1080 |
      | exclude sku | 1081 |
      | exclude sku | 1082 |
      | exclude sku | 1083 |
      | exclude sku | 1084 |
      | exclude sku | 1085 |
      | exclude sku | 1086 |
      | exclude sku | 1087 |
      | exclude sku | 1088 |
      | exclude sku | 1089 |
      | exclude sku | 1090 |
      | exclude sku | 1091 |
      | exclude sku | 1092 |
      | exclude sku | 1093 |
      | exclude sku | 1094 |
      | exclude sku | 1095 |
      | exclude sku | 1096 |
      | exclude sku | 1097 |
      | exclude sku | 1098 |
      | exclude sku | 1099 |
      | exclude sku | 1100 |
      | exclude sku | 1101 |
      | exclude sku | 1102 |
      | exclude sku | 1103 |
      | exclude sku | 1104 |
      | exclude sku | 1105 |
      | exclude sku | 1106 |
      | exclude sku | 1107 |
      | exclude sku | 1108 |
      | exclude sku | 1109 |
      | exclude sku | 1110 |
      | exclude sku | 1111 |
      | exclude sku | 1112 |
      | exclude sku | 1113 |
      | exclude sku | 1114 |
      | exclude sku | 1115 |
      | exclude sku | 1116 |
      | exclude sku | 1117 |
      | exclude sku | 1118 |
      | exclude sku | 1119 |
      | exclude sku | 1120 |
      | exclude sku | 1121 |
      | exclude sku | 1122 |
      | exclude sku | 1123 |
      | exclude sku | 1124 |
      | exclude sku | 1125 |
      | exclude sku | 1126 |
      | exclude sku | 1127 |
      | exclude sku | 1128 |
      | exclude sku | 1129 |
      | exclude sku | 1130 |
      | exclude sku | 1131 |
      | exclude sku | 1132 |
      | exclude sku | 1133 |
      | exclude sku | 1134 |
      | exclude sku | 1135 |
      | exclude sku | 1136 |
      | exclude sku | 1137 |
      | exclude sku | 1138 |
      | exclude sku | 1139 |
      | exclude sku | 1140 |
      | exclude sku | 1141 |
      | exclude sku | 1142 |
      | exclude sku | 1143 |
      | exclude sku | 1144 |
      | exclude sku | 1145 |
      | exclude sku | 1146 |
      | exclude sku | 1147 |
      | exclude sku | 1148 |
      | exclude sku | 1149 |
      | exclude sku | 1150 |
      | exclude sku | 1151 |
      | exclude sku | 1152 |
      | exclude sku | 1153 |
      | exclude sku | 1154 |
      | exclude sku | 1155 |
      | exclude sku | 1156 |
      | exclude sku | 1157 |
      | exclude sku | 1158 |
      | exclude sku | 1159 |
      | exclude sku | 1160 |
      | exclude sku | 1161 |
      | exclude sku | 1162 |
      | exclude sku | 1163 |
      | exclude sku | 1164 |
      | exclude sku | 1165 |
      | exclude sku | 1166 |
      | exclude sku | 1167 |
      | exclude sku | 1168 |
      | exclude sku | 1169 |
      | exclude sku | 1170 |
      | exclude sku | 1171 |
      | exclude sku | 1172 |
      | exclude sku | 1173 |
      | exclude sku | 1174 |
      | exclude sku | 1175 |
      | exclude sku | 1176 |
      | exclude sku | 1177 |
      | exclude sku | 1178 |
      | exclude sku | 1179 |
      | exclude sku | 1180 |
      | exclude sku | 1181 |
      | exclude sku | 1182 |
      | exclude sku | 1183 |
      | exclude sku | 1184 |
      | exclude sku | 1185 |
      | exclude sku | 1186 |
      | exclude sku | 1187 |
      | exclude sku | 1188 |
      | exclude sku | 1189 |
      | exclude sku | 1190 |
      | exclude sku | 1191 |
      | exclude sku | 1192 |
      | exclude sku | 1193 |
      | exclude sku | 1194 |
      | exclude sku | 1195 |
      | exclude sku | 1196 |
      | exclude sku | 1197 |
      | exclude sku | 1198 |
      | exclude sku | 1199 |
      | exclude sku | 1200 |
      Then the results are:
        | sku  | title   |
        | 1201 | Outside |
